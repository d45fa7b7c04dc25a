import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-bucket-encrypted-with-kms';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

const sse = (algorithm: string) => (ci: CI) => {
  ci.supplementaryConfiguration.ServerSideEncryptionConfiguration = {
    rules: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, kmsMasterKeyID: null },
        bucketKeyEnabled: false,
      },
    ],
  };
};

describe('s3-bucket-encrypted-with-kms', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: aws:kms with a customer key', mutate: () => {}, expected: 'pass' },
    { name: 'SSE-S3 (AES256)', mutate: sse('AES256'), expected: 'fail' },
    { name: 'aws:kms with the AWS managed key', mutate: sse('aws:kms'), expected: 'pass' },
    { name: 'dual-layer aws:kms:dsse', mutate: sse('aws:kms:dsse'), expected: 'pass' },
    {
      name: 'no configuration recorded: the SSE-S3 default',
      mutate: (ci) => {
        delete ci.supplementaryConfiguration.ServerSideEncryptionConfiguration;
      },
      expected: 'fail',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-s3-bucket');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const encryption = (byDefault: Record<string, unknown>) => ({
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: byDefault }] },
  });
  const templateCases = [
    { name: 'no BucketEncryption', props: {}, expected: 'fail' },
    { name: 'AES256', props: encryption({ SSEAlgorithm: 'AES256' }), expected: 'fail' },
    {
      name: 'aws:kms with a key from the template',
      props: encryption({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } }),
      expected: 'pass',
    },
    {
      name: 'algorithm behind a parameter',
      props: encryption({ SSEAlgorithm: HIDDEN }),
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const resources = { Bucket: { Type: 'AWS::S3::Bucket', Properties: props } };
    expect(runOnTemplate(rule, template(resources), 'Bucket').status).toBe(expected);
  });

  it('says when SSE-S3 is only the implicit default', () => {
    const result = runOnTemplate(rule, template({ Bucket: { Type: 'AWS::S3::Bucket' } }), 'Bucket');
    expect(result.message).toMatch(/No default encryption is configured/);
    expect(result.evidence).toEqual({ algorithm: 'AES256' });
  });
});
