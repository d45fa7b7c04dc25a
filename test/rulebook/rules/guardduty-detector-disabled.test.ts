import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/guardduty-detector-disabled';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('guardduty-detector-disabled', () => {
  it.each([
    [
      'activity/cloudtrail-updatedetector-disable.json',
      'suspended',
      'The role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81/dev.ops@example.com from 198.51.100.77 suspended',
    ],
    [
      'activity/cloudtrail-deletedetector.json',
      'deleted',
      'The IAM user ci-deployer from 198.51.100.77 deleted',
    ],
  ])('%s fails (%s)', (path, action, prefix) => {
    const result = runOnActivity(rule, activityFrom(path));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(`${prefix} GuardDuty detector 12abc34d567e8fa901bc2d34eexample in eu-west-1`);
    expect(result.resource).toEqual({
      type: 'AWS::GuardDuty::Detector',
      id: '12abc34d567e8fa901bc2d34eexample',
    });
    expect(result.evidence?.action).toBe(action);
  });

  it.each<[string, unknown, string]>([
    ['enable: true (re-enabled: a pass on the detector)', true, 'pass'],
    ['enable absent (frequency change only)', undefined, 'not-applicable'],
    ['enable: "false" as a string', 'false', 'fail'],
  ])('UpdateDetector with %s -> %s', (_name, enable, expected) => {
    const event = activityFrom('activity/cloudtrail-updatedetector-disable.json', (d) => {
      d.requestParameters = {
        detectorId: '12abc34d567e8fa901bc2d34eexample',
        findingPublishingFrequency: 'ONE_HOUR',
        enable,
      };
    });
    expect(runOnActivity(rule, event).status).toBe(expected);
  });

  it('a denied DeleteDetector is not applicable', () => {
    const event = activityFrom('activity/cloudtrail-deletedetector.json', (d) => {
      d.errorCode = 'AccessDeniedException';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
