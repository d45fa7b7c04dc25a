import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/config-recorder-records-all-resources';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { recorderItem, template } from '../iam-area-fixtures';

const role = 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

describe('config-recorder-records-all-resources', () => {
  it('Config item: fails on the fixture (two types only), listing them', () => {
    const result = runOnConfigItem(rule, recorderItem());
    expect(result.status).toBe('fail');
    expect(result.evidence?.resourceTypes).toEqual(['AWS::S3::Bucket', 'AWS::EC2::SecurityGroup']);
  });

  it.each([
    {
      name: 'AllSupported true',
      group: { AllSupported: true, IncludeGlobalResourceTypes: true },
      expected: 'pass',
    },
    {
      name: 'AllSupported but excluding a type',
      group: { AllSupported: true, ExclusionByResourceTypes: { ResourceTypes: ['AWS::EC2::Volume'] } },
      expected: 'fail',
    },
    {
      name: 'exclusion strategy',
      group: {
        AllSupported: false,
        ExclusionByResourceTypes: { ResourceTypes: ['AWS::EC2::NetworkInterface'] },
        RecordingStrategy: { UseOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
      },
      expected: 'fail',
    },
  ])('Config item: $name -> $expected', ({ group, expected }) => {
    const item = recorderItem();
    item.configuration.RecordingGroup = group;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'no RecordingGroup (records all supported)', props: { RoleARN: role }, expected: 'pass' },
    {
      name: 'AllSupported true',
      props: { RoleARN: role, RecordingGroup: { AllSupported: true } },
      expected: 'pass',
    },
    {
      name: 'a type list',
      props: { RoleARN: role, RecordingGroup: { AllSupported: false, ResourceTypes: ['AWS::S3::Bucket'] } },
      expected: 'fail',
    },
    {
      name: 'group from a parameter',
      props: { RoleARN: role, RecordingGroup: { AllSupported: { Ref: 'All' } } },
      expected: 'unknown',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template('AWS::Config::ConfigurationRecorder', props, {
      parameters: { All: { Type: 'String' } },
    });
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
