import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-bucket-policy-grants-public-access';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const FIXTURE = 'events/cloudtrail-putbucketpolicy.json';
const statement = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::acme-prod-customer-exports/*',
  ...extra,
});
const withPolicy = (bucketPolicy: unknown) =>
  activityFrom(FIXTURE, (d) => {
    (d.requestParameters as Record<string, unknown>).bucketPolicy = bucketPolicy;
  });

describe('s3-bucket-policy-grants-public-access', () => {
  it('fails for the public-read fixture policy, high, naming bucket, actions and caller', () => {
    const result = runOnActivity(rule, activityFrom(FIXTURE));
    expect(result.status).toBe('fail');
    expect(result.severity).toBe('high');
    expect(result.message).toMatch(
      /^The role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81\/jane.doe@example.com from \S+ put a policy on bucket acme-prod-customer-exports that lets anyone read it \(s3:GetObject\)$/,
    );
    expect(result.evidence?.publicStatementSids).toEqual(['PublicRead']);
    expect(result.resource).toMatchObject({ type: 'AWS::S3::Bucket', id: 'acme-prod-customer-exports' });
  });

  it.each<[string, unknown, string, string?]>([
    [
      'public write is critical',
      { Statement: [statement({ Action: ['s3:PutObject'] })] },
      'fail',
      'critical',
    ],
    ['{"AWS": "*"} is public', { Statement: [statement({ Principal: { AWS: '*' } })] }, 'fail', 'high'],
    ['the policy as a JSON string', JSON.stringify({ Statement: [statement({})] }), 'fail', 'high'],
    [
      'pinned with aws:SourceArn (CloudFront OAC)',
      {
        Statement: [
          statement({
            Condition: {
              StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/E1' },
            },
          }),
        ],
      },
      'not-applicable',
    ],
    [
      'pinned to the organization',
      { Statement: [statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })] },
      'not-applicable',
    ],
    [
      'a Deny for everyone (TLS only)',
      {
        Statement: [
          statement({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
      'not-applicable',
    ],
    [
      'a named account',
      { Statement: [statement({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })] },
      'not-applicable',
    ],
    [
      'a condition that does not pin the caller',
      { Statement: [statement({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })] },
      'fail',
      'high',
    ],
    ['an unreadable policy string', '{not json', 'unknown'],
    ['a principal that is not an object', { Statement: [statement({ Principal: 42 })] }, 'unknown'],
  ])('%s -> %s', (_name, policy, expected, severity) => {
    const result = runOnActivity(rule, withPolicy(policy));
    expect(result.status).toBe(expected);
    if (severity) expect(result.severity).toBe(severity);
  });

  it('a denied call is not applicable', () => {
    const event = activityFrom(FIXTURE, (d) => {
      d.errorCode = 'AccessDenied';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
