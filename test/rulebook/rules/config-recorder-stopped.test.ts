import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/config-recorder-stopped';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('config-recorder-stopped', () => {
  it.each([
    [
      'activity/cloudtrail-stopconfigurationrecorder.json',
      undefined,
      'AWS::Config::ConfigurationRecorder',
      'stopped configuration recorder default',
    ],
    [
      'activity/cloudtrail-stopconfigurationrecorder.json',
      (d: Record<string, unknown>) => {
        d.eventName = 'DeleteConfigurationRecorder';
      },
      'AWS::Config::ConfigurationRecorder',
      'deleted configuration recorder default',
    ],
    [
      'activity/cloudtrail-deletedeliverychannel.json',
      undefined,
      'AWS::Config::DeliveryChannel',
      'deleted delivery channel default',
    ],
  ] as const)('%s fails', (path, mutate, type, what) => {
    const result = runOnActivity(rule, activityFrom(path, mutate));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      `The IAM user ci-deployer from 198.51.100.77 ${what} in eu-west-1: AWS Config no longer records changes there`,
    );
    expect(result.resource).toEqual({ type, id: 'default', name: 'default' });
    expect(rule.remediation).toBe('config-start-recorder');
  });

  it('a failed stop is not applicable', () => {
    const event = activityFrom('activity/cloudtrail-stopconfigurationrecorder.json', (d) => {
      d.errorCode = 'NoSuchConfigurationRecorderException';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
