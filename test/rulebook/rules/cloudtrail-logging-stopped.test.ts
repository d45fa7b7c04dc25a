import { describe, expect, it } from 'vitest';
import { evaluateSubject, findingId, RuleBook, toFinding } from '../../../functions/rulebook/engine';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-logging-stopped';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

describe('cloudtrail-logging-stopped', () => {
  it('fails for StopLogging, naming the trail, the caller and where from', () => {
    const result = runOnActivity(rule, activityFrom('events/cloudtrail-stoplogging.json'));
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(
      /^The IAM user ci-deployer from \S+ stopped logging on trail workload-audit-trail: API activity in account 111122223333 is no longer recorded$/,
    );
    expect(result.resource).toEqual({
      type: 'AWS::CloudTrail::Trail',
      id: 'workload-audit-trail',
      name: 'workload-audit-trail',
      arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/workload-audit-trail',
    });
    expect(rule.remediation).toBe('cloudtrail-start-logging');
  });

  it('a trail given by name or by ARN is the same finding', () => {
    const book = new RuleBook([rule]);
    const byArn = activityFrom('events/cloudtrail-stoplogging.json');
    const byName = activityFrom('events/cloudtrail-stoplogging.json', (d) => {
      d.requestParameters = { name: 'workload-audit-trail' };
    });
    const ids = [byArn, byName].map((event) => toFinding(evaluateSubject(event, book)[0]!, book)?.id);
    expect(ids[0]).toBeDefined();
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toBe(
      findingId('cloudtrail-logging-stopped', {
        type: 'AWS::CloudTrail::Trail',
        id: 'workload-audit-trail',
        accountId: '111122223333',
        region: 'eu-west-1',
      }),
    );
  });

  it('the finding names the actor for the notification', () => {
    const book = new RuleBook([rule]);
    const finding = toFinding(
      evaluateSubject(activityFrom('events/cloudtrail-stoplogging.json'), book)[0]!,
      book,
    );
    expect(finding?.actor).toMatchObject({
      label: 'IAM user ci-deployer',
      arn: 'arn:aws:iam::111122223333:user/ci-deployer',
    });
    expect(finding?.source).toBe('cloudtrail');
  });

  it('a denied StopLogging (SCP) is not applicable: nothing changed', () => {
    const result = runOnActivity(rule, activityFrom('events/cloudtrail-stoplogging-accessdenied.json'));
    expect(result.status).toBe('not-applicable');
    expect(result.message).toContain('AccessDenied');
  });

  it('the engine only runs it for cloudtrail.amazonaws.com', () => {
    const book = new RuleBook([rule]);
    const other = activityFrom('events/cloudtrail-stoplogging.json', (d) => {
      d.eventSource = 'example.amazonaws.com';
    });
    expect(evaluateSubject(other, book)).toEqual([]);
  });

  it('a record without userIdentity still fails, with an unknown actor', () => {
    const event = activityFrom('events/cloudtrail-stoplogging.json', (d) => {
      delete d.userIdentity;
    });
    expect(runOnActivity(rule, event).message).toMatch(/^The Unknown principal from /);
  });
});
