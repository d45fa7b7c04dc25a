import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach } from 'vitest';
import { FanOutNotifier } from '../../functions/adapters/aws/fan-out-notifier';
import { SnsNotifier } from '../../functions/adapters/aws/sns-notifier';
import { DeadLetterFile } from '../../functions/adapters/local/dead-letter-file';
import { DryRunExecutor } from '../../functions/adapters/local/dry-run-executor';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { TerminalNotifier } from '../../functions/adapters/local/terminal-notifier';
import { createSlackClient } from '../../functions/adapters/slack/client';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier';
import { LocalRuntime, type LocalRuntimeOptions } from '../../functions/local/runtime';
import type { ReportFile, ReportStore } from '../../functions/ports/report-store';
import { RuleBook } from '../../functions/rulebook/engine';
import { fail, pass } from '../../functions/rulebook/model/evaluation';
import type { S3Bucket } from '../../functions/rulebook/model/resources/s3-bucket';
import { isUnknown } from '../../functions/rulebook/model/unknown';
import type { AnyRule } from '../../functions/rulebook/rule';
import { defineRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { FakeSlack } from '../slack/fake-slack';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'events');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** A hand-made second rule on S3 buckets, so one Config change can violate two rules. */
export const ownerTagRule = defineRule({
  id: 'test-s3-bucket-has-classification-tag',
  title: 'S3 buckets carry a SecurityClassification tag (test rule)',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: { seed: '004', section: 'test' },
  rationale: 'test',
  recommendation: 'Tag the bucket with SecurityClassification.',
  expectedImpact: 'test',
  evaluate(bucket: S3Bucket) {
    const tags = bucket.tags;
    if (isUnknown(tags)) return pass('unknown tags (test)');
    return tags?.SecurityClassification
      ? pass('has a SecurityClassification tag')
      : fail('bucket has no SecurityClassification tag', { tags: Object.keys(tags ?? {}) });
  },
});

export function testRuleBook(): RuleBook {
  return new RuleBook([
    RULES['s3-bucket-blocks-public-access'] as AnyRule,
    ownerTagRule as unknown as AnyRule,
  ]);
}

/** The fixture bucket's Config change; `compliant` blocks public access and adds the classification tag. */
export function bucketEvent(options: { compliant?: boolean; id?: string } = {}) {
  const event = fixture<{ id: string; detail: { configurationItem: Record<string, unknown> } }>(
    'config-ci-s3-bucket.json',
  );
  if (options.id) event.id = options.id;
  if (options.compliant) {
    const item = event.detail.configurationItem as {
      tags: Record<string, string>;
      supplementaryConfiguration: Record<string, unknown>;
    };
    item.tags = { ...item.tags, SecurityClassification: 'Confidential' };
    item.supplementaryConfiguration.PublicAccessBlockConfiguration = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
  }
  return event;
}

/**
 * A dead-letter queue that refuses its first `failures` sends (all when omitted) the way the
 * sqs:sendMessage integration reports SQS refusing a message.
 */
export class FailingDeadLetters extends DeadLetterFile {
  attempts = 0;
  constructor(private readonly failures = Number.POSITIVE_INFINITY) {
    super();
  }
  override send(body: unknown, now?: Date) {
    if (++this.attempts <= this.failures) {
      throw Object.assign(new Error('KMS.KMSThrottlingException: rate exceeded'), {
        name: 'SQS.AmazonSQSException',
      });
    }
    return super.send(body, now);
  }
}

export class MemoryReportStore implements ReportStore {
  readonly files = new Map<string, ReportFile>();
  async put(files: readonly ReportFile[]) {
    for (const f of files) this.files.set(f.key, f);
  }
  async linkTo(key: string) {
    return { url: `memory://${key}` };
  }
}

export function captureOutput() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

/**
 * Time as the steps' time budgets see it: real time (aws-local-stepfunctions stamps
 * `$$.Execution.StartTime` with it) plus simulated seconds, so a long outage takes milliseconds to
 * replay. Pass `now` as the runtime's `executionClock`.
 */
export function simulatedClock() {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (ms: number) => {
      offsetMs += ms;
    },
    elapsedMs: () => offsetMs,
    reset: () => {
      offsetMs = 0;
    },
  };
}

export function testRuntime(overrides: Partial<LocalRuntimeOptions> = {}) {
  const out = captureOutput();
  const store = new MemoryStore();
  const reports = new MemoryReportStore();
  const runtime = new LocalRuntime({
    store,
    notifier: new TerminalNotifier(out),
    executor: new DryRunExecutor(out),
    configItems: new FixtureConfigItemSource([]),
    reports,
    book: testRuleBook(),
    root: join(__dirname, '..', '..'),
    ...overrides,
  });
  return { runtime, store, out, reports };
}

/**
 * The deployed notifier's shape: SNS (a mocked client) and Slack (a fake Web API at `slackUrl`, no
 * pacing, no in-process retry: a 429 is SlackRateLimitedError at once, for the Notify state to retry),
 * each channel's deliveries recorded on `store`.
 */
export function snsAndSlackNotifier(store: MemoryStore, sns: SNSClient, slackUrl: string) {
  return new FanOutNotifier(
    {
      sns: new SnsNotifier({ client: sns, topicArn: 'arn:aws:sns:eu-west-1:111122223333:findings' }),
      slack: new SlackNotifier({
        client: createSlackClient('xoxb-t', { slackApiUrl: slackUrl }),
        channel: 'C1',
        findings: store.findings,
        minIntervalMs: 0,
        retry: { maxRetries: 0 },
      }),
    },
    { deliveries: store.deliveries },
  );
}

/**
 * Call inside a `describe`: a mocked SNS client that accepts every Publish, and a fake Slack Web API
 * started afresh for each test (read `slack` inside the test, not before it).
 */
export function withSnsAndFakeSlack() {
  const client = new SNSClient({ region: 'eu-west-1' });
  const sns = mockClient(client);
  const env = { client, sns, slack: undefined as unknown as FakeSlack };
  beforeEach(async () => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    env.slack = new FakeSlack();
    await env.slack.start();
  });
  afterEach(() => env.slack.stop());
  return env;
}
