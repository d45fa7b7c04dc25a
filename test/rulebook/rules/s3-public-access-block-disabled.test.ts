import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-public-access-block-disabled';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const PUT = 'events/cloudtrail-putbucketpublicaccessblock.json';
const withConfig = (config: Record<string, unknown>) =>
  activityFrom(PUT, (d) => {
    (d.requestParameters as Record<string, unknown>).PublicAccessBlockConfiguration = {
      xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
      ...config,
    };
  });

describe('s3-public-access-block-disabled', () => {
  it('fails when the fixture turns all four settings off, naming them and the bucket', () => {
    const result = runOnActivity(rule, activityFrom(PUT));
    expect(result.status).toBe('fail');
    expect(result.evidence?.settingsOff).toEqual([
      'BlockPublicAcls',
      'IgnorePublicAcls',
      'BlockPublicPolicy',
      'RestrictPublicBuckets',
    ]);
    expect(result.message).toContain(
      'turned off BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets on bucket acme-prod-customer-exports',
    );
    expect(result.resource).toMatchObject({ type: 'AWS::S3::Bucket', id: 'acme-prod-customer-exports' });
    expect(rule.remediation).toBe('s3-put-public-access-block');
  });

  it.each<[string, Record<string, unknown>, string, string[]?]>([
    [
      'all four on: a pass on the bucket (resolves the finding)',
      { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      'pass',
    ],
    [
      'one left out (S3 reads it as false)',
      { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true },
      'fail',
      ['RestrictPublicBuckets'],
    ],
    [
      'strings "true"',
      {
        BlockPublicAcls: 'true',
        IgnorePublicAcls: 'true',
        BlockPublicPolicy: 'true',
        RestrictPublicBuckets: 'true',
      },
      'pass',
    ],
  ])('%s -> %s', (_name, config, expected, off) => {
    const result = runOnActivity(rule, withConfig(config));
    expect(result.status).toBe(expected);
    if (off) expect(result.evidence?.settingsOff).toEqual(off);
  });

  it('DeleteBucketPublicAccessBlock fails with all four off', () => {
    const result = runOnActivity(
      rule,
      activityFrom('activity/cloudtrail-deletebucketpublicaccessblock.json'),
    );
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'The IAM user ci-deployer from 198.51.100.77 removed the Block Public Access configuration of bucket acme-prod-customer-exports; only the account-level block (if any) still protects it',
    });
  });

  it('a denied call is not applicable', () => {
    const event = activityFrom(PUT, (d) => {
      d.errorCode = 'AccessDenied';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
