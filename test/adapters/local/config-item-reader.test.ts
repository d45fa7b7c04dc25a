import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigItemReader } from '../../../functions/adapters/local/config-item-reader';
import type { PlannedCall, RemediationExecutor } from '../../../functions/ports/remediation-executor';
import { catalogPlanner } from '../../../functions/shared/remediation-plan';

const bucketEvent = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'examples', 'events.jsonl'), 'utf8').split('\n')[0]!,
);
const target = { accountId: '111122223333', region: 'eu-west-1' };
const getPolicy = (bucket: string): PlannedCall => ({
  service: 'S3',
  operation: 'GetBucketPolicy',
  input: { Bucket: bucket },
  iamAction: 's3:GetBucketPolicy',
  allowErrors: ['NoSuchBucketPolicy'],
});

/** Records what reached it, as the dry-run executor would. */
class Fallback implements RemediationExecutor {
  readonly seen: PlannedCall[] = [];
  async execute(_t: unknown, calls: readonly PlannedCall[]) {
    this.seen.push(...calls);
    return calls.map((call) => ({ call, output: { dryRun: true } }));
  }
}

describe('plan reads answered from the Config items of the replay (local runtime)', () => {
  it('answers S3 GetBucketPolicy with the policy of the latest Config item of that bucket', async () => {
    const fallback = new Fallback();
    const reader = new ConfigItemReader(fallback);
    reader.remember(bucketEvent);
    const [result] = await reader.execute(target, [getPolicy('acme-prod-customer-exports')]);
    expect(JSON.parse((result!.output as { Policy: string }).Policy).Statement[0].Sid).toBe('PublicRead');
    expect(fallback.seen).toEqual([]);
  });

  it('says NoSuchBucketPolicy when the item records no policy, and leaves unknown resources to the fallback', async () => {
    const fallback = new Fallback();
    const reader = new ConfigItemReader(fallback);
    const withoutPolicy = structuredClone(bucketEvent);
    withoutPolicy.detail.configurationItem.supplementaryConfiguration.BucketPolicy = { policyText: null };
    reader.remember(withoutPolicy);
    const [none, unknown] = await reader.execute(target, [
      getPolicy('acme-prod-customer-exports'),
      getPolicy('some-other-bucket'),
    ]);
    expect(none!.output).toEqual({ $error: 'NoSuchBucketPolicy' });
    expect(unknown!.output).toEqual({ dryRun: true });
    expect(fallback.seen.map((c) => c.input.Bucket)).toEqual(['some-other-bucket']);
  });

  it('answers S3 GetPublicAccessBlock in the SDK shape from either spelling Config uses', async () => {
    const read: PlannedCall = {
      service: 'S3',
      operation: 'GetPublicAccessBlock',
      input: { Bucket: 'acme-prod-customer-exports' },
      iamAction: 's3:GetBucketPublicAccessBlock',
      allowErrors: ['NoSuchPublicAccessBlockConfiguration'],
    };
    const answer = async (pab: unknown) => {
      const reader = new ConfigItemReader(new Fallback());
      const event = structuredClone(bucketEvent);
      event.detail.configurationItem.supplementaryConfiguration.PublicAccessBlockConfiguration = pab;
      if (pab === undefined)
        delete event.detail.configurationItem.supplementaryConfiguration.PublicAccessBlockConfiguration;
      reader.remember(event);
      return (await reader.execute(target, [read]))[0]!.output;
    };
    const camel = {
      blockPublicAcls: true,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    const xml = {
      xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
      RestrictPublicBuckets: 'true',
      BlockPublicPolicy: true,
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
    };
    const expected = {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: false,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    };
    expect(await answer(camel)).toEqual(expected);
    expect(await answer(xml)).toEqual(expected);
    expect(await answer(undefined)).toEqual({ $error: 'NoSuchPublicAccessBlockConfiguration' });
  });

  it('makes the TLS-only policy plan keep the statements the bucket already has', async () => {
    const reader = new ConfigItemReader(new Fallback());
    reader.remember(bucketEvent);
    const planner = catalogPlanner({ executor: reader });
    const finding = {
      ruleId: 's3-bucket-tls-only',
      remediation: 's3-add-tls-only-policy',
      resource: {
        type: 'AWS::S3::Bucket',
        id: 'acme-prod-customer-exports',
        name: 'acme-prod-customer-exports',
        arn: 'arn:aws:s3:::acme-prod-customer-exports',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
      evidence: { bucketName: 'acme-prod-customer-exports' },
    };
    const plan = await planner(finding as never, { approvalId: 'apr_1' });
    const put = plan.calls.find((c) => c.operation === 'PutBucketPolicy')!;
    const sids = JSON.parse(put.input.Policy as string).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(['PublicRead', 'DenyInsecureTransport']);
  });
});
