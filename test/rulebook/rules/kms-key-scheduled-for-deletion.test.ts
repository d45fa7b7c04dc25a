import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/kms-key-scheduled-for-deletion';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const FIXTURE = 'activity/cloudtrail-schedulekeydeletion.json';

describe('kms-key-scheduled-for-deletion', () => {
  it('a 7-day window is critical; names key, date and caller', () => {
    const result = runOnActivity(rule, activityFrom(FIXTURE));
    expect(result.status).toBe('fail');
    expect(result.severity).toBe('critical');
    expect(result.message).toBe(
      'The IAM user ci-deployer from 198.51.100.77 scheduled KMS key 1234abcd-12ab-34cd-56ef-1234567890ab for deletion in 7 days (Jun 17, 2025, 11:00:00 AM): data encrypted under it becomes unrecoverable unless the deletion is cancelled',
    );
    expect(result.resource).toEqual({
      type: 'AWS::KMS::Key',
      id: '1234abcd-12ab-34cd-56ef-1234567890ab',
      arn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    expect(rule.remediation).toBe('kms-cancel-key-deletion');
  });

  it.each<[string, (d: Record<string, unknown>) => void, string, string?]>([
    [
      'a 30-day window is high',
      (d) => {
        (d.requestParameters as Record<string, unknown>).pendingWindowInDays = 30;
      },
      'fail',
      'high',
    ],
    [
      'no window given (AWS default 30) is high',
      (d) => {
        d.requestParameters = { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
      },
      'fail',
      'high',
    ],
    [
      'a failed call',
      (d) => {
        d.errorCode = 'KMSInvalidStateException';
      },
      'not-applicable',
    ],
  ])('%s -> %s', (_name, mutate, expected, severity) => {
    const result = runOnActivity(rule, activityFrom(FIXTURE, mutate));
    expect(result.status).toBe(expected);
    if (severity) expect(result.severity).toBe(severity);
  });

  it('the same key is the same resource when only the request names it', () => {
    const result = runOnActivity(
      rule,
      activityFrom(FIXTURE, (d) => {
        d.responseElements = null;
        d.resources = [];
      }),
    );
    expect(result.resource).toEqual({ type: 'AWS::KMS::Key', id: '1234abcd-12ab-34cd-56ef-1234567890ab' });
  });
});
