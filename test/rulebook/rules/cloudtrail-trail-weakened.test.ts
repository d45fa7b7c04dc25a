import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-trail-weakened';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const FIXTURE = 'activity/cloudtrail-updatetrail-weakened.json';
const withParams = (requestParameters: Record<string, unknown>) =>
  activityFrom(FIXTURE, (d) => {
    d.requestParameters = { name: 'workload-audit-trail', ...requestParameters };
  });

describe('cloudtrail-trail-weakened', () => {
  it('fails for the fixture, listing every weakening change', () => {
    const result = runOnActivity(rule, activityFrom(FIXTURE));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'The IAM user ci-deployer from 198.51.100.77 made it single-Region, removed its KMS key (logs no longer SSE-KMS encrypted) on trail workload-audit-trail',
    );
    expect(result.evidence?.changes).toHaveLength(2);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['single-Region', { isMultiRegionTrail: false }, 'fail'],
    ['single-Region written as a string', { isMultiRegionTrail: 'false' }, 'fail'],
    ['KMS key removed', { kmsKeyId: '' }, 'fail'],
    ['global service events off', { includeGlobalServiceEvents: false }, 'fail'],
    ['multi-Region on', { isMultiRegionTrail: true }, 'not-applicable'],
    ['KMS key changed to another key', { kmsKeyId: 'alias/log-archive' }, 'not-applicable'],
    ['only validation off (other rule)', { enableLogFileValidation: false }, 'not-applicable'],
  ])('%s -> %s', (_name, params, expected) => {
    expect(runOnActivity(rule, withParams(params)).status).toBe(expected);
  });

  it('a denied update is not applicable', () => {
    const event = activityFrom(FIXTURE, (d) => {
      d.errorCode = 'AccessDenied';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
