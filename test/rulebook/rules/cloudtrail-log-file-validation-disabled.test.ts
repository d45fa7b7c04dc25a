import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-log-file-validation-disabled';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const FIXTURE = 'activity/cloudtrail-updatetrail-weakened.json';

describe('cloudtrail-log-file-validation-disabled', () => {
  it('fails when UpdateTrail sets enableLogFileValidation false', () => {
    const result = runOnActivity(rule, activityFrom(FIXTURE));
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'The IAM user ci-deployer from 198.51.100.77 turned off log file validation on trail workload-audit-trail',
      resource: {
        type: 'AWS::CloudTrail::Trail',
        id: 'workload-audit-trail',
        arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/workload-audit-trail',
      },
    });
    expect(rule.remediation).toBe('cloudtrail-enable-log-file-validation');
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'validation turned back on: a pass on the trail (resolves the finding)',
      { name: 'workload-audit-trail', enableLogFileValidation: true },
      'pass',
    ],
    [
      'validation not touched',
      { name: 'workload-audit-trail', s3BucketName: 'other-bucket' },
      'not-applicable',
    ],
  ])('%s -> %s', (_name, requestParameters, expected) => {
    const event = activityFrom(FIXTURE, (d) => {
      d.requestParameters = requestParameters;
    });
    const result = runOnActivity(rule, event);
    expect(result.status).toBe(expected);
    if (expected === 'pass')
      expect(result.resource).toMatchObject({ type: 'AWS::CloudTrail::Trail', id: 'workload-audit-trail' });
  });

  it('the failed UpdateTrail of the CloudTrail guide is not applicable', () => {
    const event = activityFrom(FIXTURE, (d) => {
      d.errorCode = 'TrailNotFoundException';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
