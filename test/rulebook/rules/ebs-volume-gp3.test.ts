import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/performance-efficiency/ebs-volume-gp3';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

const type = (volumeType: string) => (ci: CI) => {
  ci.configuration.volumeType = volumeType;
};

describe('ebs-volume-gp3', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: gp3', mutate: () => {}, expected: 'pass' },
    { name: 'gp2', mutate: type('gp2'), expected: 'fail' },
    { name: 'magnetic standard', mutate: type('standard'), expected: 'fail' },
    { name: 'io2', mutate: type('io2'), expected: 'pass' },
    {
      name: 'type not recorded',
      mutate: (ci) => {
        delete ci.configuration.volumeType;
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-ec2-volume-unattached');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'VolumeType not set (CloudFormation default gp2)', props: {}, expected: 'fail' },
    { name: 'gp3', props: { VolumeType: 'gp3' }, expected: 'pass' },
    { name: 'gp2', props: { VolumeType: 'gp2' }, expected: 'fail' },
    { name: 'behind a parameter', props: { VolumeType: HIDDEN }, expected: 'unknown' },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const resources = {
      Volume: {
        Type: 'AWS::EC2::Volume',
        Properties: { AvailabilityZone: 'eu-west-1a', Size: 50, ...props },
      },
    };
    expect(runOnTemplate(rule, template(resources), 'Volume').status).toBe(expected);
  });

  it('explains the CloudFormation default', () => {
    const resources = {
      Volume: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'eu-west-1a', Size: 50 } },
    };
    expect(runOnTemplate(rule, template(resources), 'Volume').message).toMatch(/VolumeType is not set/);
  });
});
