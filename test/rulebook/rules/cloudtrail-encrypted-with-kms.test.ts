import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-encrypted-with-kms';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { template, trailItem } from '../iam-area-fixtures';

const base = { S3BucketName: 'acme-cloudtrail', IsLogging: true };

describe('cloudtrail-encrypted-with-kms', () => {
  it.each([
    { name: 'fixture: no kmsKeyId', key: undefined, expected: 'fail' },
    {
      name: 'KMS key ARN',
      key: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      expected: 'pass',
    },
  ])('Config item: $name -> $expected', ({ key, expected }) => {
    const item = trailItem();
    if (key) item.configuration.kmsKeyId = key;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'no KMSKeyId', props: {}, expected: 'fail' },
    { name: 'alias', props: { KMSKeyId: 'alias/cloudtrail' }, expected: 'pass' },
    {
      name: 'key of the same template (!GetAtt)',
      props: { KMSKeyId: { 'Fn::GetAtt': ['TrailKey', 'Arn'] } },
      expected: 'pass',
    },
    { name: 'key from a parameter', props: { KMSKeyId: { Ref: 'KeyArn' } }, expected: 'unknown' },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template(
      'AWS::CloudTrail::Trail',
      { ...base, ...props },
      {
        parameters: { KeyArn: { Type: 'String' } },
        resources: { TrailKey: { Type: 'AWS::KMS::Key', Properties: {} } },
      },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
