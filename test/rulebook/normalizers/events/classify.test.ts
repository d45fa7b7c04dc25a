import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventFormatError, NormalizationError } from '../../../../functions/rulebook/errors';
import { actorLabel } from '../../../../functions/rulebook/model/activity-event';
import {
  type ClassifiedEvent,
  classifyEvent,
  classifyInput,
  OTHER_CLOUDTRAIL_DETAIL_TYPES,
  SIGN_IN_DETAIL_TYPES,
} from '../../../../functions/rulebook/normalizers/events/classify';
import { activityFromRecord } from '../../../../functions/rulebook/normalizers/events/cloudtrail-record';
import { costAnomalyFrom } from '../../../../functions/rulebook/normalizers/events/cost-anomaly';
import { FIXTURES, fixture } from '../../../support/rule-harness';

const clone = <T>(path: string): T => structuredClone(fixture<T>(path));
type Json = Record<string, unknown>;

function activity(result: ClassifiedEvent) {
  if (result.kind !== 'activity') throw new Error(`expected activity, got ${result.kind}`);
  return result.activity;
}

describe('classifyEvent on every EventBridge fixture', () => {
  const eventFiles = readdirSync(join(FIXTURES, 'events')).filter((f) => f.endsWith('.json'));
  const activityFiles = readdirSync(join(FIXTURES, 'activity')).filter(
    (f) => f.endsWith('.json') && f !== 'cloudtrail-log-file.json',
  );

  it.each(
    activityFiles
      .map((f) => `activity/${f}`)
      .concat(eventFiles.filter((f) => f.startsWith('cloudtrail-')).map((f) => `events/${f}`)),
  )("%s -> activity with the record's name, source, account and caller", (path) => {
    const raw = fixture<{ id: string; detail: Json }>(path);
    const result = classifyEvent(raw);
    expect(result.eventId).toBe(raw.id);
    const event = activity(result);
    expect(event.eventName).toBe(raw.detail.eventName);
    expect(event.eventSource).toBe(raw.detail.eventSource);
    expect(event.accountId).toBe(raw.detail.recipientAccountId);
    expect(event.region).toBe(raw.detail.awsRegion);
    expect(event.eventTime).toBe(raw.detail.eventTime);
    expect(event.actor.type).toBe((raw.detail.userIdentity as Json).type);
    expect(event.eventId).toBe(raw.detail.eventID);
  });

  // Written out from each fixture's configurationItem (resourceType, resourceId, awsAccountId,
  // awsRegion, ARN, resourceName); every one has a normalizer.
  const account = '111122223333';
  const expectedResources: Record<string, Record<string, string>> = {
    'config-ci-ec2-natgateway.json': {
      type: 'AWS::EC2::NatGateway',
      id: 'nat-0a9b8c7d6e5f43210',
      arn: 'arn:aws:ec2:eu-west-1:111122223333:natgateway/nat-0a9b8c7d6e5f43210',
      region: 'eu-west-1',
    },
    'config-ci-ec2-security-group.json': {
      type: 'AWS::EC2::SecurityGroup',
      id: 'sg-0a1b2c3d4e5f60718',
      name: 'bastion-sg',
      arn: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b2c3d4e5f60718',
      region: 'eu-west-1',
    },
    'config-ci-ec2-volume-unattached.json': {
      type: 'AWS::EC2::Volume',
      id: 'vol-0e9d8c7b6a5f43210',
      arn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0e9d8c7b6a5f43210',
      region: 'eu-west-1',
    },
    'config-ci-ec2-vpcendpoint.json': {
      type: 'AWS::EC2::VPCEndpoint',
      id: 'vpce-0123abcd4567ef890',
      arn: 'arn:aws:ec2:eu-west-1:111122223333:vpc-endpoint/vpce-0123abcd4567ef890',
      region: 'eu-west-1',
    },
    'config-ci-iam-policy.json': {
      type: 'AWS::IAM::Policy',
      id: 'ANPA3EXAMPLEPOLICY7QZ',
      name: 'exports-reader',
      arn: 'arn:aws:iam::111122223333:policy/exports-reader',
      region: 'global',
    },
    'config-ci-rds-dbinstance.json': {
      type: 'AWS::RDS::DBInstance',
      id: 'db-7QZ3K5X2M4N6P8R0T2V4X6Z8AB',
      name: 'orders-prod',
      arn: 'arn:aws:rds:eu-west-1:111122223333:db:orders-prod',
      region: 'eu-west-1',
    },
    'config-ci-s3-bucket.json': {
      type: 'AWS::S3::Bucket',
      id: 'acme-prod-customer-exports',
      name: 'acme-prod-customer-exports',
      arn: 'arn:aws:s3:::acme-prod-customer-exports',
      region: 'eu-west-1',
    },
  };

  it('every inline Config item fixture has its expected resource below', () => {
    expect(eventFiles.filter((f) => f.startsWith('config-ci-') && f !== 'config-ci-oversized.json')).toEqual(
      Object.keys(expectedResources).sort(),
    );
  });

  it.each(Object.entries(expectedResources))('%s -> the normalized resource', (file, expected) => {
    const result = classifyEvent(fixture(`events/${file}`));
    expect(result.kind).toBe('resource');
    expect(result.kind === 'resource' && result.resource).toMatchObject({
      ...expected,
      accountId: account,
      source: 'config',
    });
  });

  it('the S3 bucket item keeps its change type', () => {
    const result = classifyEvent(fixture('events/config-ci-s3-bucket.json'));
    expect(result).toMatchObject({
      kind: 'resource',
      changeType: 'UPDATE',
      resource: { type: 'AWS::S3::Bucket' },
    });
  });

  it('an oversized item becomes a summary pointing at the delivered item', () => {
    const result = classifyEvent(fixture('events/config-ci-oversized.json'));
    expect(result).toMatchObject({
      kind: 'oversized-config-item',
      summary: {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'acme-prod-customer-exports',
        accountId: '111122223333',
        region: 'eu-west-1',
        changeType: 'UPDATE',
        arn: 'arn:aws:s3:::acme-prod-customer-exports',
      },
    });
    if (result.kind === 'oversized-config-item') {
      expect(result.summary.s3Location).toMatch(/^acme-log-archive-config\/AWSLogs\/111122223333\/Config\//);
    }
  });

  it('an oversized notification without a summary is a typed error', () => {
    const raw = clone<{ detail: Json }>('events/config-ci-oversized.json');
    delete raw.detail.configurationItemSummary;
    expect(() => classifyEvent(raw)).toThrow(EventFormatError);
  });

  it('a compliance change carries rule, resource, verdicts and annotation', () => {
    const result = classifyEvent(fixture('events/config-rules-compliance-change.json'));
    expect(result).toEqual({
      kind: 'compliance-change',
      eventId: 'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b',
      change: {
        kind: 'compliance-change',
        configRuleName: 's3-bucket-level-public-access-prohibited',
        configRuleArn: 'arn:aws:config:eu-west-1:111122223333:config-rule/config-rule-q7x2lm',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'acme-prod-customer-exports',
        accountId: '111122223333',
        region: 'eu-west-1',
        complianceType: 'NON_COMPLIANT',
        previousComplianceType: 'COMPLIANT',
        annotation: 'Bucket-level Block Public Access settings are not all enabled.',
        recordedAt: '2025-06-10T09:15:01.993Z',
      },
    });
  });

  it('a compliance change without top-level resource fields reads the evaluation qualifier', () => {
    const raw = clone<{ detail: Json }>('events/config-rules-compliance-change.json');
    delete raw.detail.resourceType;
    delete raw.detail.resourceId;
    raw.detail.configRuleName = 42;
    const result = classifyEvent(raw);
    expect(result).toMatchObject({
      change: { resourceType: 'AWS::S3::Bucket', configRuleName: 's3-bucket-level-public-access-prohibited' },
    });
  });

  it('a compliance change without a verdict is a typed error naming the resource', () => {
    const raw = clone<{ detail: { newEvaluationResult: Json } }>(
      'events/config-rules-compliance-change.json',
    );
    delete raw.detail.newEvaluationResult.complianceType;
    expect(() => classifyEvent(raw)).toThrow(
      /acme-prod-customer-exports has no newEvaluationResult.complianceType/,
    );
  });

  it('the EventBridge cost anomaly is read with all its figures and root causes', () => {
    const result = classifyEvent(fixture('events/ce-anomaly-detected.json'));
    if (result.kind !== 'cost-anomaly') throw new Error(result.kind);
    expect(result.anomaly).toMatchObject({
      anomalyId: '8f2a6c1e-4b3d-4a9e-9c7f-5e1d2b3a4c6f',
      accountId: '999988887777',
      accountName: 'acme-management',
      dimensionValue: 'EC2 - Other',
      totalImpact: 471.63,
      totalImpactPercentage: 358.52,
      totalActualSpend: 603.18,
      totalExpectedSpend: 131.55,
      maxImpact: 187.42,
      currentScore: 0.71,
      maxScore: 0.83,
      region: 'us-east-1',
      startDate: '2025-06-08T00:00:00Z',
      endDate: '2025-06-10T00:00:00Z',
    });
    expect(result.anomaly.rootCauses).toEqual([
      {
        service: 'EC2 - Other',
        usageType: 'EU-NatGateway-Bytes',
        region: 'eu-west-1',
        linkedAccount: '111122223333',
        linkedAccountName: 'acme-prod-workloads',
        contribution: 412.37,
      },
      {
        service: 'EC2 - Other',
        usageType: 'EU-DataTransfer-Regional-Bytes',
        region: 'eu-west-1',
        linkedAccount: '111122223333',
        linkedAccountName: 'acme-prod-workloads',
        contribution: 58.9,
      },
    ]);
  });

  it.each([
    'slack-approval-message.json',
    'slack-block-actions-payload.json',
    'securityhub-asff-finding.json',
    'sfn-approval-callback.asl.json',
    'eventbridge-patterns.json',
  ])('%s is not an event the rule book handles: EventFormatError', (file) => {
    expect(() => classifyEvent(fixture(`events/${file}`))).toThrow(EventFormatError);
  });
});

describe('sign-in events', () => {
  it.each(SIGN_IN_DETAIL_TYPES)('"%s" is a CloudTrail activity', (detailType) => {
    const raw = clone<Json>('events/cloudtrail-consolelogin-root-nomfa.json');
    raw['detail-type'] = detailType;
    const event = activity(classifyEvent(raw));
    expect(event).toMatchObject({
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      sourceIpAddress: '203.0.113.250',
      actor: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No' },
    });
    expect(actorLabel(event.actor)).toBe('root user');
  });

  it('reads the assumed-role session, its issuer and the MFA flag written as a string', () => {
    const event = activity(classifyEvent(fixture('events/cloudtrail-authorizesecuritygroupingress.json')));
    expect(event.actor).toMatchObject({
      type: 'AssumedRole',
      mfaAuthenticated: false,
      sessionIssuerUserName: 'AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81',
      accessKeyId: 'ASIAQEXAMPLE2R8YTB6C',
    });
    expect(actorLabel(event.actor)).toBe(
      'role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81/dev.ops@example.com',
    );
  });
});

describe('CloudTrail records', () => {
  it.each(OTHER_CLOUDTRAIL_DETAIL_TYPES)('"%s" carries a CloudTrail record too: activity', (detailType) => {
    const raw = clone<Json>('events/cloudtrail-stoplogging.json');
    raw['detail-type'] = detailType;
    expect(classifyEvent(raw).kind).toBe('activity');
  });

  it('a record without userIdentity is kept with an Unknown actor, not dropped', () => {
    const detail = clone<{ detail: Json }>('events/cloudtrail-stoplogging.json').detail;
    delete detail.userIdentity;
    const event = activityFromRecord(detail);
    expect(event.actor).toEqual({ type: 'Unknown' });
    expect(event.accountId).toBe('111122223333');
    expect(actorLabel(event.actor)).toBe('Unknown principal');
  });

  it('falls back to the envelope for account, region and time', () => {
    const event = activityFromRecord(
      { eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' },
      { account: '111122223333', region: 'eu-west-1', time: '2025-06-10T00:00:00Z' },
    );
    expect(event).toMatchObject({
      accountId: '111122223333',
      region: 'eu-west-1',
      eventTime: '2025-06-10T00:00:00Z',
    });
  });

  it('records errorCode and keeps null request/response as empty objects', () => {
    const event = activity(classifyEvent(fixture('events/cloudtrail-stoplogging-accessdenied.json')));
    expect(event.errorCode).toBe('AccessDenied');
    expect(event.responseElements).toEqual({});
  });

  it.each([
    [null, 'CloudTrail record is not an object'],
    [[], 'CloudTrail record is not an object'],
    [{ eventSource: 'x' }, 'CloudTrail record has no eventName'],
    [{ eventName: 'StopLogging' }, 'CloudTrail record StopLogging has no eventSource'],
    [{ eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' }, 'StopLogging names no account'],
    [
      {
        eventName: 'StopLogging',
        eventSource: 'cloudtrail.amazonaws.com',
        recipientAccountId: '111122223333',
      },
      'StopLogging has no awsRegion',
    ],
    [
      {
        eventName: 'StopLogging',
        eventSource: 'cloudtrail.amazonaws.com',
        recipientAccountId: '111122223333',
        awsRegion: 'eu-west-1',
      },
      'StopLogging has no eventTime',
    ],
  ])('%j -> EventFormatError "%s"', (record, message) => {
    expect(() => activityFromRecord(record)).toThrow(EventFormatError);
    expect(() => activityFromRecord(record)).toThrow(message);
  });
});

describe('classifyInput: files and SNS deliveries', () => {
  it('reads a CloudTrail log file record by record, including the failed call and the identity-less one', () => {
    const results = classifyInput(fixture('activity/cloudtrail-log-file.json'));
    expect(results.map((r) => r.kind)).toEqual(['activity', 'activity', 'activity', 'activity']);
    const events = results.map(activity);
    expect(events.map((e) => e.eventName)).toEqual([
      'UpdateTrail',
      'StopLogging',
      'ConsoleLogin',
      'StopLogging',
    ]);
    expect(events[0]).toMatchObject({
      errorCode: 'TrailNotFoundException',
      accountId: '123456789012',
      region: 'us-east-2',
    });
    expect(events[0]?.eventId).toBe('b7d4398e-b2f0-4faa-9c76-e2d316a8d67f');
    expect(events[3]?.actor.type).toBe('Unknown');
  });

  it('names the bad entry of a log file', () => {
    const file = clone<{ Records: Json[] }>('activity/cloudtrail-log-file.json');
    delete file.Records[2]?.eventName;
    expect(() => classifyInput(file)).toThrow('Records[2]: CloudTrail record has no eventName');
  });

  it('reads the SNS-delivered anomaly (dimensionalValue) like the EventBridge one', () => {
    const [result] = classifyInput(fixture('events/ce-anomaly-sns-lambda-event.json'));
    const eventBridge = classifyEvent(fixture('events/ce-anomaly-detected.json'));
    if (result?.kind !== 'cost-anomaly' || eventBridge.kind !== 'cost-anomaly')
      throw new Error('not an anomaly');
    expect(result.anomaly.dimensionValue).toBe('EC2 - Other');
    expect(result.eventId).toBe('7e8f9a0b-1c2d-5e3f-9a4b-5c6d7e8f9a0b');
    expect(result.anomaly).toEqual(eventBridge.anomaly);
  });

  it('reads a bare SNS message body and an array of events', () => {
    const sns = fixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'events/ce-anomaly-sns-lambda-event.json',
    );
    const body = JSON.parse(sns.Records[0]?.Sns.Message ?? '{}');
    expect(classifyInput(body)[0]?.kind).toBe('cost-anomaly');
    const both = classifyInput([
      fixture('events/cloudtrail-deletetrail.json'),
      fixture('events/ce-anomaly-detected.json'),
    ]);
    expect(both.map((r) => r.kind)).toEqual(['activity', 'cost-anomaly']);
  });

  it.each([
    ['a number', 42, 'input is not a JSON object or array'],
    ['an unrelated object', { hello: 'world' }, 'neither an EventBridge event'],
    ['Records that is not a list', { Records: 'x' }, '"Records" is not an array'],
    [
      'SNS with a non-JSON message',
      { Records: [{ Sns: { Message: 'not json' } }] },
      'Records[0]: SNS Message is not JSON',
    ],
    [
      'SNS with an unrelated message',
      { Records: [{ Sns: { Message: '{"a":1}' } }] },
      'Records[0]: SNS Message is neither',
    ],
    ['an array with a bad event', [{ source: 'aws.s3' }], '[0]: event has no "source" / "detail-type"'],
  ])('%s -> EventFormatError', (_name, input, message) => {
    expect(() => classifyInput(input)).toThrow(EventFormatError);
    expect(() => classifyInput(input)).toThrow(message);
  });
});

describe('malformed EventBridge events', () => {
  it.each([
    ['a JSON string', 'text', 'event is not a JSON object (it is a JSON string): not an EventBridge event'],
    [
      'a JSON string that does not parse either (a string, whatever its text)',
      '{"a":1,}',
      'event is not a JSON object (it is a JSON string): not an EventBridge event',
    ],
    [
      'an event encoded twice',
      '{"source":"aws.s3"}',
      'event is not a JSON object (it is a JSON string holding JSON text: encoded twice)',
    ],
    ['null', null, 'event is not a JSON object (it is null)'],
    ['a number', 42, 'event is not a JSON object (it is a JSON number)'],
    ['a boolean', true, 'event is not a JSON object (it is a JSON boolean)'],
    [
      'an SNS notification (a Lambda subscription event)',
      { Records: [{ EventSource: 'aws:sns', Sns: { Message: '{}' } }] },
      'event is an SNS notification (Records[].Sns), not an EventBridge event: the bot ingests the EventBridge "Anomaly Detected" event (source aws.ce)',
    ],
    [
      'an object without source',
      { foo: 'bar' },
      'event has no "source" / "detail-type": not an EventBridge event',
    ],
    ['an array', [], 'event is not a JSON object (it is an array)'],
    ['no detail-type', { source: 'aws.s3', detail: {} }, 'not an EventBridge event'],
    [
      'no detail',
      { source: 'aws.s3', 'detail-type': 'AWS API Call via CloudTrail' },
      'has no "detail" object',
    ],
    [
      'a CloudTrail event posted under a non-AWS source (forged with PutEvents)',
      {
        source: 'acme.forged',
        'detail-type': 'AWS Console Sign In via CloudTrail',
        detail: {
          eventName: 'ConsoleLogin',
          userIdentity: { type: 'Root' },
          recipientAccountId: '111122223333',
        },
      },
      'AWS Console Sign In via CloudTrail event from source "acme.forged": CloudTrail events come only from AWS services',
    ],
    [
      'unsupported',
      { source: 'aws.health', 'detail-type': 'AWS Health Event', detail: {} },
      'unsupported event: source "aws.health"',
    ],
    [
      'config change with neither item nor summary',
      {
        source: 'aws.config',
        'detail-type': 'Config Configuration Item Change',
        detail: { messageType: 'ConfigurationItemChangeNotification' },
      },
      'neither a configurationItem object nor a configurationItemSummary',
    ],
    [
      'anomaly without an impact',
      { source: 'aws.ce', 'detail-type': 'Anomaly Detected', detail: { anomalyId: 'a-1', accountId: '1' } },
      'cost anomaly a-1 has no numeric impact.totalImpact',
    ],
  ])('%s -> EventFormatError', (_name, input, message) => {
    expect(() => classifyEvent(input)).toThrow(EventFormatError);
    expect(() => classifyEvent(input)).toThrow(message);
  });

  it('every typed error is a NormalizationError with its own name, so the state machines can route it', () => {
    try {
      classifyEvent({});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NormalizationError);
      expect((error as Error).name).toBe('EventFormatError');
    }
  });
});

describe('costAnomalyFrom', () => {
  it.each([
    [{ anomalyId: 'a', accountId: '1', impact: { totalImpact: '12.5' } }, 12.5],
    [{ anomalyId: 'a', accountId: '1', impact: { totalImpact: 0 } }, 0],
  ])('reads numeric strings and zero: %j', (detail, impact) => {
    expect(costAnomalyFrom(detail).totalImpact).toBe(impact);
  });

  it('a blank impact is missing, not zero', () => {
    expect(() => costAnomalyFrom({ anomalyId: 'a', accountId: '1', impact: { totalImpact: ' ' } })).toThrow(
      EventFormatError,
    );
  });

  it('drops root causes that are not objects and takes the monitor from the envelope', () => {
    const anomaly = costAnomalyFrom(
      { anomalyId: 'a', impact: { totalImpact: 5 }, rootCauses: [1, null, { service: 'Amazon S3' }] },
      { account: '999988887777', resources: ['arn:aws:ce::999988887777:anomalymonitor/x'] },
    );
    expect(anomaly.rootCauses).toEqual([{ service: 'Amazon S3' }]);
    expect(anomaly.monitorArn).toBe('arn:aws:ce::999988887777:anomalymonitor/x');
    expect(anomaly.accountId).toBe('999988887777');
  });

  it('an anomaly naming no account is a typed error', () => {
    expect(() => costAnomalyFrom({ anomalyId: 'a', impact: { totalImpact: 5 } })).toThrow('names no account');
  });
});
