import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/securityhub-disabled';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('securityhub-disabled', () => {
  it.each([
    [undefined, 'fail'],
    [
      (d: Record<string, unknown>) => {
        d.errorCode = 'AccessDeniedException';
      },
      'not-applicable',
    ],
  ] as const)('DisableSecurityHub (%#) -> %s', (mutate, expected) => {
    expect(
      runOnActivity(rule, activityFrom('activity/cloudtrail-disablesecurityhub.json', mutate)).status,
    ).toBe(expected);
  });

  it('names the hub of that account and Region', () => {
    const result = runOnActivity(rule, activityFrom('activity/cloudtrail-disablesecurityhub.json'));
    expect(result.message).toBe(
      'The role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81/dev.ops@example.com from 198.51.100.77 disabled Security Hub in account 111122223333, eu-west-1',
    );
    expect(result.resource).toEqual({
      type: 'AWS::SecurityHub::Hub',
      id: 'default',
      arn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default',
    });
  });
});
