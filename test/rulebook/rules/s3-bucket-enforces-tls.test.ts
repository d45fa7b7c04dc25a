import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-bucket-enforces-tls';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

const arn = 'arn:aws:s3:::acme-prod-customer-exports';
const tlsOnly = {
  Sid: 'AllowSSLRequestsOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [arn, `${arn}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const withStatements = (statements: unknown[]) => (ci: CI) => {
  ci.supplementaryConfiguration.BucketPolicy = { policyText: JSON.stringify({ Statement: statements }) };
};

describe('s3-bucket-enforces-tls', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: policy without a TLS statement', mutate: () => {}, expected: 'fail' },
    {
      name: 'no bucket policy at all',
      mutate: (ci) => {
        delete ci.supplementaryConfiguration.BucketPolicy;
      },
      expected: 'fail',
    },
    { name: 'the Security Hub S3.5 statement', mutate: withStatements([tlsOnly]), expected: 'pass' },
    {
      name: 'boolean false and {"AWS": "*"} principal',
      mutate: withStatements([
        { ...tlsOnly, Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': false } } },
      ]),
      expected: 'pass',
    },
    {
      name: 'Deny limited to s3:GetObject does not cover writes',
      mutate: withStatements([{ ...tlsOnly, Action: 's3:GetObject' }]),
      expected: 'fail',
    },
    {
      name: 'the same statement as an Allow denies nothing',
      mutate: withStatements([{ ...tlsOnly, Effect: 'Allow' }]),
      expected: 'fail',
    },
    {
      name: 'an Allow with aws:SecureTransport true does not deny HTTP',
      mutate: withStatements([
        { ...tlsOnly, Effect: 'Allow', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      ]),
      expected: 'fail',
    },
    {
      name: 'policy stored URL-encoded',
      mutate: (ci) => {
        ci.supplementaryConfiguration.BucketPolicy = {
          policyText: encodeURIComponent(JSON.stringify({ Statement: [tlsOnly] })),
        };
      },
      expected: 'pass',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-s3-bucket');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'bucket without policy', statement: undefined, expected: 'fail' },
    { name: 'TLS-only policy', statement: tlsOnly, expected: 'pass' },
    { name: 'the TLS statement as an Allow', statement: { ...tlsOnly, Effect: 'Allow' }, expected: 'fail' },
    { name: 'effect behind a parameter', statement: { ...tlsOnly, Effect: HIDDEN }, expected: 'unknown' },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ statement, expected }) => {
    const resources: Record<string, unknown> = { Bucket: { Type: 'AWS::S3::Bucket' } };
    if (statement) {
      resources.Policy = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: [statement] } },
      };
    }
    expect(runOnTemplate(rule, template(resources), 'Bucket').status).toBe(expected);
  });

  it('reads the usual short-form YAML policy and names the statement', () => {
    const yaml = `
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']
            Condition: { Bool: { 'aws:SecureTransport': false } }
`;
    const result = runOnTemplate(rule, yaml, 'Bucket');
    expect(result.status).toBe('pass');
    expect(result.message).toContain('DenyInsecureTransport');
  });
});
