import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-user-access-key-created';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('iam-user-access-key-created', () => {
  it('fails for a key created for another user, naming key, user and caller', () => {
    const result = runOnActivity(rule, activityFrom('events/cloudtrail-createaccesskey.json'));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'The role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81/dev.ops@example.com from 198.51.100.77 created access key AKIAQEXAMPLE9H2D4F6J for IAM user legacy-sftp-sync',
    );
    expect(result.resource).toEqual({
      type: 'AWS::IAM::AccessKey',
      id: 'AKIAQEXAMPLE9H2D4F6J',
      name: 'legacy-sftp-sync',
    });
    expect(result.evidence).toMatchObject({
      userName: 'legacy-sftp-sync',
      accessKeyId: 'AKIAQEXAMPLE9H2D4F6J',
      keyStatus: 'Active',
    });
    expect(rule.remediation).toBe('iam-deactivate-access-key');
  });

  it('an IAM user creating its own key (no userName parameter) fails for that user', () => {
    const event = activityFrom('events/cloudtrail-createaccesskey.json', (d) => {
      d.requestParameters = null;
      d.userIdentity = {
        type: 'IAMUser',
        userName: 'ci-deployer',
        arn: 'arn:aws:iam::111122223333:user/ci-deployer',
      };
    });
    expect(runOnActivity(rule, event)).toMatchObject({
      status: 'fail',
      evidence: { userName: 'ci-deployer' },
    });
  });

  it.each([
    [
      'root creating its own key (the root rule covers it)',
      'activity/cloudtrail-createaccesskey-root.json',
      undefined,
    ],
    [
      'a failed call',
      'events/cloudtrail-createaccesskey.json',
      (d: Record<string, unknown>) => {
        d.errorCode = 'AccessDenied';
      },
    ],
  ] as const)('%s is not applicable', (_name, path, mutate) => {
    expect(runOnActivity(rule, activityFrom(path, mutate)).status).toBe('not-applicable');
  });
});
