import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-bucket-policy-not-public';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

const bucketArn = 'arn:aws:s3:::acme-prod-customer-exports';
const withPolicy = (statements: unknown[], pab?: Record<string, boolean>) => (ci: CI) => {
  ci.supplementaryConfiguration.BucketPolicy = {
    policyText: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  };
  if (pab) ci.supplementaryConfiguration.PublicAccessBlockConfiguration = pab;
};
const allOn = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

describe('s3-bucket-policy-not-public', () => {
  describe('Config item', () => {
    const cases: Array<{ name: string; mutate: (ci: CI) => void; expected: string; severity?: string }> = [
      { name: 'fixture: PublicRead statement, no Block Public Access', mutate: () => {}, expected: 'fail' },
      {
        name: 'no bucket policy',
        mutate: (ci) => {
          ci.supplementaryConfiguration.BucketPolicy = { policyText: null };
        },
        expected: 'pass',
      },
      {
        name: 'public grant restricted to a VPC endpoint',
        mutate: withPolicy([
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `${bucketArn}/*`,
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' } },
          },
        ]),
        expected: 'pass',
      },
      {
        name: 'public grant restricted to the organization',
        mutate: withPolicy([
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 's3:GetObject',
            Resource: `${bucketArn}/*`,
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
          },
        ]),
        expected: 'pass',
      },
      {
        name: 'wildcard condition value does not restrict',
        mutate: withPolicy([
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `${bucketArn}/*`,
            Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } },
          },
        ]),
        expected: 'fail',
      },
      {
        name: 'aws:SourceIp 0.0.0.0/0 does not restrict',
        mutate: withPolicy([
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: `${bucketArn}/*`,
            Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
          },
        ]),
        expected: 'fail',
      },
      {
        name: 'a named account principal is not public',
        mutate: withPolicy([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::444455556666:role/reader' },
            Action: 's3:GetObject',
            Resource: `${bucketArn}/*`,
          },
        ]),
        expected: 'pass',
      },
      {
        name: 'a public Deny (TLS-only) is not a grant',
        mutate: withPolicy([
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
        expected: 'pass',
      },
      {
        name: 'RestrictPublicBuckets on lowers the severity',
        mutate: withPolicy(
          [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucketArn}/*` }],
          allOn,
        ),
        expected: 'fail',
        severity: 'medium',
      },
    ];
    it.each(cases)('$name -> $expected', ({ mutate, expected, severity }) => {
      const item = eventItem('config-ci-s3-bucket');
      mutate(item);
      const result = runOnConfigItem(rule, item);
      expect(result.status).toBe(expected);
      if (severity) expect(result.severity).toBe(severity);
    });

    it('names the statement and the actions it grants', () => {
      const result = runOnConfigItem(rule, eventItem('config-ci-s3-bucket'));
      expect(result.message).toContain('"PublicRead"');
      expect(result.message).toContain('s3:GetObject');
      expect(result.evidence).toMatchObject({ statement: 'PublicRead', access: 'read' });
      expect(result.severity).toBeUndefined();
    });

    it('calls s3:PutObject to everyone read-write', () => {
      const item = eventItem('config-ci-s3-bucket');
      withPolicy([{ Effect: 'Allow', Principal: '*', Action: ['s3:PutObject'], Resource: `${bucketArn}/*` }])(
        item,
      );
      expect(runOnConfigItem(rule, item).evidence?.access).toBe('read-write');
    });
  });

  describe('CloudFormation', () => {
    const policy = (statement: Record<string, unknown>) => ({
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Policy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: [statement] } },
      },
    });
    const cases = [
      { name: 'no policy', resources: { Bucket: { Type: 'AWS::S3::Bucket' } }, expected: 'pass' },
      {
        name: 'public read through a BucketPolicy',
        resources: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }),
        expected: 'fail',
      },
      {
        name: 'CloudFront OAC (service principal with aws:SourceArn)',
        resources: policy({
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::GetAtt': ['Distribution', 'Arn'] } } },
        }),
        expected: 'pass',
      },
      {
        name: 'public grant pinned to a VPC endpoint of the template',
        resources: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': { Ref: 'Endpoint' } } },
        }),
        expected: 'pass',
      },
      {
        name: 'StringLike on a value set at deploy time (could be a wildcard)',
        resources: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringLike: { 'aws:SourceVpce': HIDDEN } },
        }),
        expected: 'unknown',
      },
      {
        name: 'principal behind a parameter',
        resources: policy({
          Effect: 'Allow',
          Principal: { AWS: HIDDEN },
          Action: 's3:GetObject',
          Resource: '*',
        }),
        expected: 'unknown',
      },
    ];
    it.each(cases)('$name -> $expected', ({ resources, expected }) => {
      expect(runOnTemplate(rule, template(resources), 'Bucket').status).toBe(expected);
    });

    it('finds a policy that names the bucket by its literal BucketName', () => {
      const yaml = `
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: public-assets }
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: public-assets
      PolicyDocument:
        Statement:
          - { Sid: Anyone, Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public-assets/*' }
`;
      const result = runOnTemplate(rule, yaml, 'Bucket');
      expect(result.status).toBe('fail');
      expect(result.message).toContain('"Anyone"');
    });
  });
});
