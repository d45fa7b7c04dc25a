import { describe, expect, it } from 'vitest';
import { evaluateSubject, RuleBook, toFinding, toPassedCheck } from '../../functions/rulebook/engine';
import { classifyEvent, classifyInput } from '../../functions/rulebook/normalizers/events/classify';
import { activityFrom } from '../support/activity-harness';
import { fixture } from '../support/rule-harness';

/**
 * Every CloudTrail and cost fixture through the whole rule book, as the triage workflow runs it:
 * exactly the expected rules fail, no rule crashes, and nothing else fires.
 */
const NOW = new Date('2026-11-22T12:00:00Z');
const book = new RuleBook();

function failingRules(path: string): string[] {
  const classified = classifyEvent(fixture(path));
  const subject =
    classified.kind === 'activity'
      ? classified.activity
      : classified.kind === 'cost-anomaly'
        ? classified.anomaly
        : undefined;
  if (!subject) throw new Error(`${path} is ${classified.kind}`);
  const results = evaluateSubject(subject, book, { now: NOW });
  for (const r of results)
    expect(r.evaluation.message, `${r.rule.id} crashed`).not.toMatch(/could not evaluate/);
  return results
    .filter((r) => r.evaluation.status === 'fail')
    .map((r) => r.rule.id)
    .sort();
}

describe('the rule book on every activity and cost fixture', () => {
  it.each<[string, string[]]>([
    ['events/cloudtrail-stoplogging.json', ['cloudtrail-logging-stopped']],
    ['events/cloudtrail-stoplogging-accessdenied.json', []],
    ['events/cloudtrail-deletetrail.json', ['cloudtrail-trail-deleted']],
    ['events/cloudtrail-createaccesskey.json', ['iam-user-access-key-created']],
    ['events/cloudtrail-attachrolepolicy-admin.json', ['iam-administrator-access-attached']],
    ['events/cloudtrail-consolelogin-root-nomfa.json', ['console-signin-without-mfa', 'root-user-activity']],
    ['events/cloudtrail-authorizesecuritygroupingress.json', ['ec2-security-group-opened-to-world']],
    ['events/cloudtrail-putbucketpolicy.json', ['s3-bucket-policy-grants-public-access']],
    ['events/cloudtrail-putbucketpublicaccessblock.json', ['s3-public-access-block-disabled']],
    [
      'activity/cloudtrail-updatetrail-weakened.json',
      ['cloudtrail-log-file-validation-disabled', 'cloudtrail-trail-weakened'],
    ],
    ['activity/cloudtrail-updatedetector-disable.json', ['guardduty-detector-disabled']],
    ['activity/cloudtrail-deletedetector.json', ['guardduty-detector-disabled']],
    ['activity/cloudtrail-stopconfigurationrecorder.json', ['config-recorder-stopped']],
    ['activity/cloudtrail-deletedeliverychannel.json', ['config-recorder-stopped']],
    ['activity/cloudtrail-disablesecurityhub.json', ['securityhub-disabled']],
    ['activity/cloudtrail-deletebucketpublicaccessblock.json', ['s3-public-access-block-disabled']],
    ['activity/cloudtrail-schedulekeydeletion.json', ['kms-key-scheduled-for-deletion']],
    ['activity/cloudtrail-disablekeyrotation.json', ['kms-key-rotation-disabled']],
    ['activity/cloudtrail-attachuserpolicy-admin.json', ['iam-administrator-access-attached']],
    ['activity/cloudtrail-consolelogin-iamuser-nomfa-signin-spelling.json', ['console-signin-without-mfa']],
    ['activity/cloudtrail-createaccesskey-root.json', ['root-access-key-created', 'root-user-activity']],
    ['activity/cloudtrail-root-api-call.json', ['root-user-activity']],
    [
      'activity/cloudtrail-authorizesecuritygroupingress-cli-3389.json',
      ['ec2-security-group-opened-to-world'],
    ],
    [
      'events/ce-anomaly-detected.json',
      ['cost-anomaly-detected', 'nat-gateway-traffic-without-gateway-endpoint'],
    ],
  ])('%s -> %j', (path, expected) => {
    expect(failingRules(path)).toEqual(expected);
  });

  it('a CloudTrail log file: the failed UpdateTrail is quiet, the StopLogging calls and the no-MFA sign-in fail', () => {
    const findings = classifyInput(fixture('activity/cloudtrail-log-file.json')).flatMap((c) =>
      c.kind === 'activity'
        ? evaluateSubject(c.activity, book, { now: NOW }).flatMap((r) => toFinding(r, book, NOW) ?? [])
        : [],
    );
    expect(findings.map((f) => `${f.ruleId}:${f.resource.id}`)).toEqual([
      'cloudtrail-logging-stopped:workload-audit-trail',
      'console-signin-without-mfa:AIDAQEXAMPLEUSERJANE1',
      'cloudtrail-logging-stopped:legacy-trail',
    ]);
    expect(findings[0]?.observedAt).toBe('2025-06-10T15:42:18Z');
  });

  it('routes rules for every event (root activity) and leaves Config-rule verdicts to compliance.ts', () => {
    expect(book.activityEventNames()).not.toContain('*');
    expect(book.activityEventNames()).toEqual(
      expect.arrayContaining(['StopLogging', 'ConsoleLogin', 'UpdateTrail']),
    );
    expect(book.allActivityRules().map((r) => r.id)).toEqual(['root-user-activity']);
    const anomaly = classifyEvent(fixture('events/ce-anomaly-detected.json'));
    if (anomaly.kind !== 'cost-anomaly') throw new Error('not an anomaly');
    expect(book.rulesFor(anomaly.anomaly).map((r) => r.id)).not.toContain('config-rule-non-compliant');
  });

  type Detail = Record<string, unknown>;
  it.each<[string, string, (d: Detail) => void]>([
    [
      'cloudtrail-logging-stopped',
      'events/cloudtrail-stoplogging.json',
      (d) => {
        d.eventName = 'StartLogging';
      },
    ],
    [
      'cloudtrail-log-file-validation-disabled',
      'activity/cloudtrail-updatetrail-weakened.json',
      (d) => {
        d.requestParameters = { name: 'workload-audit-trail', enableLogFileValidation: true };
      },
    ],
    [
      'guardduty-detector-disabled',
      'activity/cloudtrail-updatedetector-disable.json',
      (d) => {
        (d.requestParameters as Detail).enable = true;
      },
    ],
    [
      'config-recorder-stopped',
      'activity/cloudtrail-stopconfigurationrecorder.json',
      (d) => {
        d.eventName = 'StartConfigurationRecorder';
      },
    ],
    [
      'securityhub-disabled',
      'activity/cloudtrail-disablesecurityhub.json',
      (d) => {
        d.eventName = 'EnableSecurityHub';
      },
    ],
    [
      's3-public-access-block-disabled',
      'events/cloudtrail-putbucketpublicaccessblock.json',
      (d) => {
        (d.requestParameters as Detail).PublicAccessBlockConfiguration = {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        };
      },
    ],
    [
      'kms-key-scheduled-for-deletion',
      'activity/cloudtrail-schedulekeydeletion.json',
      (d) => {
        d.eventName = 'CancelKeyDeletion';
        d.requestParameters = { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
        d.responseElements = {
          keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        };
      },
    ],
    [
      'kms-key-rotation-disabled',
      'activity/cloudtrail-disablekeyrotation.json',
      (d) => {
        d.eventName = 'EnableKeyRotation';
      },
    ],
    [
      'iam-administrator-access-attached',
      'events/cloudtrail-attachrolepolicy-admin.json',
      (d) => {
        d.eventName = 'DetachRolePolicy';
      },
    ],
    [
      'iam-user-access-key-created',
      'events/cloudtrail-createaccesskey.json',
      (d) => {
        d.eventName = 'UpdateAccessKey';
        d.requestParameters = {
          userName: 'legacy-sftp-sync',
          accessKeyId: 'AKIAQEXAMPLE9H2D4F6J',
          status: 'Inactive',
        };
        d.responseElements = null;
      },
    ],
  ])('%s: the call that undoes %s resolves the finding it opened', (ruleId, path, repair) => {
    const resultOf = (event: ReturnType<typeof activityFrom>) => {
      const result = evaluateSubject(event, book, { now: NOW }).find((r) => r.rule.id === ruleId);
      if (!result) throw new Error(`${ruleId} did not run on ${event.eventName}`);
      return result;
    };
    const opened = toFinding(resultOf(activityFrom(path)), book, NOW);
    const repairResult = resultOf(activityFrom(path, repair));
    expect(repairResult.evaluation.status).toBe('pass');
    expect(repairResult.evaluation.message).toMatch(/^The .+ from /);
    expect(toPassedCheck(repairResult)?.findingId).toBe(opened?.id);
  });

  it('a repairing call that failed resolves nothing', () => {
    const event = activityFrom('events/cloudtrail-stoplogging.json', (d) => {
      d.eventName = 'StartLogging';
      d.errorCode = 'AccessDenied';
    });
    const results = evaluateSubject(event, book, { now: NOW });
    expect(results.map(toPassedCheck).filter(Boolean)).toEqual([]);
  });
});
