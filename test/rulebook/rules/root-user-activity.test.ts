import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/root-user-activity';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('root-user-activity', () => {
  it.each([
    [
      'activity/cloudtrail-root-api-call.json',
      'critical',
      'The root user from 203.0.113.250 called UpdateAccountPasswordPolicy (iam.amazonaws.com) in account 111122223333',
    ],
    [
      'events/cloudtrail-consolelogin-root-nomfa.json',
      'critical',
      'The root user from 203.0.113.250 signed in to the console (MFA used: No) in account 111122223333',
    ],
    [
      'activity/cloudtrail-createaccesskey-root.json',
      'critical',
      'The root user from 203.0.113.250 called CreateAccessKey',
    ],
  ])('%s fails (%s)', (path, severity, message) => {
    const result = runOnActivity(rule, activityFrom(path));
    expect(result.status).toBe('fail');
    expect(result.severity).toBe(severity);
    expect(result.message).toContain(message);
    expect(result.resource).toEqual({ type: 'AWS::::Account', id: '111122223333', name: 'root user' });
    expect(result.evidence).toMatchObject({ actorType: 'Root', sourceIpAddress: '203.0.113.250' });
  });

  it('a read-only root call is high, not critical', () => {
    const event = activityFrom('activity/cloudtrail-root-api-call.json', (d) => {
      d.eventName = 'ListUsers';
      d.readOnly = true;
    });
    expect(runOnActivity(rule, event)).toMatchObject({ status: 'fail', severity: 'high' });
  });

  it.each([
    ['an IAM user', 'events/cloudtrail-stoplogging.json', undefined],
    [
      'a failed root call',
      'activity/cloudtrail-root-api-call.json',
      (d: Record<string, unknown>) => {
        d.errorCode = 'AccessDenied';
      },
    ],
    [
      'a failed root sign-in (no errorCode, ConsoleLogin Failure)',
      'events/cloudtrail-consolelogin-root-nomfa.json',
      (d: Record<string, unknown>) => {
        d.responseElements = { ConsoleLogin: 'Failure' };
        d.errorMessage = 'Failed authentication';
      },
    ],
    [
      'a service acting for root',
      'activity/cloudtrail-root-api-call.json',
      (d: Record<string, unknown>) => {
        (d.userIdentity as Record<string, unknown>).invokedBy = 'cloudformation.amazonaws.com';
      },
    ],
    [
      'an AWS service event',
      'activity/cloudtrail-root-api-call.json',
      (d: Record<string, unknown>) => {
        d.eventType = 'AwsServiceEvent';
      },
    ],
  ] as const)('%s is not applicable', (_name, path, mutate) => {
    expect(runOnActivity(rule, activityFrom(path, mutate)).status).toBe('not-applicable');
  });
});
