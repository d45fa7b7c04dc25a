import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/console-signin-without-mfa';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

type Detail = Record<string, unknown>;

describe('console-signin-without-mfa', () => {
  it('root without MFA is critical and about the account', () => {
    const result = runOnActivity(rule, activityFrom('events/cloudtrail-consolelogin-root-nomfa.json'));
    expect(result).toMatchObject({
      status: 'fail',
      severity: 'critical',
      message:
        'The root user from 203.0.113.250 signed in to the console without MFA in account 111122223333',
      resource: { type: 'AWS::::Account', id: '111122223333' },
    });
  });

  it('an IAM user without MFA ("Signin" spelling) is high and about the user', () => {
    const result = runOnActivity(
      rule,
      activityFrom('activity/cloudtrail-consolelogin-iamuser-nomfa-signin-spelling.json'),
    );
    expect(result).toMatchObject({
      status: 'fail',
      severity: 'high',
      message:
        'The IAM user jane.doe from 203.0.113.17 signed in to the console without MFA in account 111122223333',
      resource: {
        type: 'AWS::IAM::User',
        id: 'AIDAQEXAMPLEUSERJANE1',
        name: 'jane.doe',
        arn: 'arn:aws:iam::111122223333:user/jane.doe',
      },
      evidence: { mfaUsed: 'No', userName: 'jane.doe' },
    });
  });

  it.each<[string, (d: Detail) => void]>([
    [
      'MFA used',
      (d) => {
        (d.additionalEventData as Detail).MFAUsed = 'Yes';
      },
    ],
    [
      'a failed sign-in',
      (d) => {
        d.responseElements = { ConsoleLogin: 'Failure' };
        d.errorMessage = 'Failed authentication';
      },
    ],
    [
      'a SAML sign-in',
      (d) => {
        (d.additionalEventData as Detail).SamlProviderArn = 'arn:aws:iam::111122223333:saml-provider/Okta';
      },
    ],
    [
      'an IAM Identity Center (assumed role) sign-in',
      (d) => {
        d.userIdentity = {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/jane.doe@example.com',
        };
      },
    ],
    [
      'no MFAUsed field',
      (d) => {
        d.additionalEventData = {};
      },
    ],
  ])('%s is not applicable', (_name, mutate) => {
    const event = activityFrom('activity/cloudtrail-consolelogin-iamuser-nomfa-signin-spelling.json', mutate);
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
