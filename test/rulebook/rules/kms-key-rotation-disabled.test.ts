import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/kms-key-rotation-disabled';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const FIXTURE = 'activity/cloudtrail-disablekeyrotation.json';

describe('kms-key-rotation-disabled', () => {
  it.each([
    [undefined, 'fail'],
    [
      (d: Record<string, unknown>) => {
        d.errorCode = 'AccessDeniedException';
      },
      'not-applicable',
    ],
  ] as const)('DisableKeyRotation (%#) -> %s', (mutate, expected) => {
    expect(runOnActivity(rule, activityFrom(FIXTURE, mutate)).status).toBe(expected);
  });

  it('names the key and the caller', () => {
    const result = runOnActivity(rule, activityFrom(FIXTURE));
    expect(result.message).toBe(
      'The role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81/dev.ops@example.com from 198.51.100.77 turned off automatic rotation for KMS key 1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    expect(result.resource).toMatchObject({
      type: 'AWS::KMS::Key',
      id: '1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    expect(rule.remediation).toBe('kms-enable-key-rotation');
  });
});
