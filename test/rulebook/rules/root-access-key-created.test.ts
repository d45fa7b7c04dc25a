import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/root-access-key-created';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('root-access-key-created', () => {
  it('fails for a key the root user creates for itself, naming the key', () => {
    const result = runOnActivity(rule, activityFrom('activity/cloudtrail-createaccesskey-root.json'));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'The root user from 203.0.113.250 created a root access key AKIAQEXAMPLEROOTKEY01 in account 111122223333',
    );
    expect(result.resource).toMatchObject({ type: 'AWS::IAM::AccessKey', id: 'AKIAQEXAMPLEROOTKEY01' });
  });

  it('still fails, keyed by account, when the response was not logged', () => {
    const result = runOnActivity(
      rule,
      activityFrom('activity/cloudtrail-createaccesskey-root.json', (d) => {
        d.responseElements = null;
      }),
    );
    expect(result).toMatchObject({ status: 'fail', resource: { id: 'root:111122223333' } });
  });

  it.each([
    ['a key for an IAM user', 'events/cloudtrail-createaccesskey.json', undefined],
    [
      'root creating a key for an IAM user',
      'activity/cloudtrail-createaccesskey-root.json',
      (d: Record<string, unknown>) => {
        d.requestParameters = { userName: 'legacy-sftp-sync' };
      },
    ],
    [
      'a failed call',
      'activity/cloudtrail-createaccesskey-root.json',
      (d: Record<string, unknown>) => {
        d.errorCode = 'LimitExceeded';
      },
    ],
  ] as const)('%s is not applicable', (_name, path, mutate) => {
    expect(runOnActivity(rule, activityFrom(path, mutate)).status).toBe('not-applicable');
  });
});
