import { describe, expect, it } from 'vitest';
import { DryRunExecutor } from '../../../functions/adapters/local/dry-run-executor';
import { getRemediation } from '../../../functions/rulebook/remediations/index';
import { finding } from '../../remediations/cases';
import { captureOutput } from '../../workflow/support';

describe('DryRunExecutor', () => {
  it('prints each call, and the stale-plan re-read a write makes first, changing nothing', async () => {
    // Prepare: the TLS-only policy write, planned from a bucket without a policy
    const out = captureOutput();
    const plan = getRemediation('s3-add-tls-only-policy')!.plan(finding(), {
      prepared: [{ $error: 'NoSuchBucketPolicy' }],
    });
    // Act
    const results = await new DryRunExecutor(out).execute(
      { accountId: '111122223333', region: 'eu-west-1' },
      plan,
    );
    // Assess
    expect(results).toEqual([{ call: plan[0], output: { dryRun: true } }]);
    const lines = out.text().split('\n');
    expect(lines[1]).toBe(
      '   would re-read S3.GetBucketPolicy {"Bucket":"acme-data"} first, and stop (StalePlanError) if it changed since the plan',
    );
    expect(lines[2]).toMatch(/^ {3}would call S3\.PutBucketPolicy \{"Bucket":"acme-data","Policy":/);
  });
});
