import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-administrator-access-attached';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('iam-administrator-access-attached', () => {
  it.each([
    [
      'events/cloudtrail-attachrolepolicy-admin.json',
      'AWS::IAM::Role',
      'exports-batch',
      'role',
      '192.0.2.199',
    ],
    [
      'activity/cloudtrail-attachuserpolicy-admin.json',
      'AWS::IAM::User',
      'legacy-sftp-sync',
      'user',
      '198.51.100.77',
    ],
  ])('%s fails for the %s', (path, type, name, noun, ip) => {
    const result = runOnActivity(rule, activityFrom(path));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      `The IAM user ci-deployer from ${ip} attached AdministratorAccess to IAM ${noun} ${name}`,
    );
    expect(result.resource).toEqual({ type, id: name, name });
    expect(result.evidence).toMatchObject({
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      targetType: type,
    });
  });

  it('a group and the GovCloud partition count too', () => {
    const event = activityFrom('events/cloudtrail-attachrolepolicy-admin.json', (d) => {
      d.eventName = 'AttachGroupPolicy';
      d.requestParameters = {
        groupName: 'ops',
        policyArn: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess',
      };
    });
    expect(runOnActivity(rule, event)).toMatchObject({
      status: 'fail',
      resource: { type: 'AWS::IAM::Group', id: 'ops' },
    });
  });

  it.each<[string, (d: Record<string, unknown>) => void]>([
    [
      'another managed policy',
      (d) => {
        d.requestParameters = {
          roleName: 'exports-batch',
          policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        };
      },
    ],
    [
      'a customer policy named like it',
      (d) => {
        d.requestParameters = {
          roleName: 'x',
          policyArn: 'arn:aws:iam::111122223333:policy/AdministratorAccess',
        };
      },
    ],
    [
      'a failed call',
      (d) => {
        d.errorCode = 'AccessDenied';
      },
    ],
  ])('%s is not applicable', (_name, mutate) => {
    expect(
      runOnActivity(rule, activityFrom('events/cloudtrail-attachrolepolicy-admin.json', mutate)).status,
    ).toBe('not-applicable');
  });
});
