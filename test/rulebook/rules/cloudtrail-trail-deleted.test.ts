import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-trail-deleted';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('cloudtrail-trail-deleted', () => {
  it.each([
    ['events/cloudtrail-deletetrail.json', undefined, 'fail'],
    [
      'events/cloudtrail-deletetrail.json',
      (d: Record<string, unknown>) => {
        d.errorCode = 'TrailNotFoundException';
      },
      'not-applicable',
    ],
  ] as const)('%s -> %s', (path, mutate, expected) => {
    expect(runOnActivity(rule, activityFrom(path, mutate)).status).toBe(expected);
  });

  it('names the trail and who deleted it', () => {
    const result = runOnActivity(rule, activityFrom('events/cloudtrail-deletetrail.json'));
    expect(result.message).toMatch(
      /^The IAM user ci-deployer from \S+ deleted trail workload-audit-trail in account 111122223333$/,
    );
    expect(result.resource).toMatchObject({ type: 'AWS::CloudTrail::Trail', id: 'workload-audit-trail' });
    expect(result.severity).toBeUndefined();
    expect(rule.severity).toBe('critical');
  });
});
