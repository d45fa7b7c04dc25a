import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DryRunExecutor } from '../../functions/adapters/local/dry-run-executor';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createSlackClient } from '../../functions/adapters/slack/client';
import { SlackInteractionResponder } from '../../functions/adapters/slack/interaction-slack';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier';
import { HANDLER_NAMES, HANDLERS, type HandlerName } from '../../functions/handlers/manifest';
import { LocalRuntime } from '../../functions/local/runtime';
import { RuleBook } from '../../functions/rulebook/engine';
import { FakeSlack } from '../slack/fake-slack';
import { MemoryReportStore } from '../workflow/support';

/**
 * The findings-table grants (`table` in the handler manifest, turned into IAM with
 * `dynamodb:LeadingKeys`) are written by hand. A handler that starts calling a store operation it
 * was not granted would work here and fail with AccessDenied in AWS. So: run the three workflows
 * end to end (triage, an approved remediation with the real Slack notifier against a fake Slack,
 * the weekly report) with every store port recording which handler called which operation, and
 * require each call to be one the manifest grants that handler.
 */

const ROOT = join(__dirname, '..', '..');
const PORTS = ['findings', 'approvals', 'audit', 'suppressions', 'history', 'deliveries'] as const;

const calling = new AsyncLocalStorage<HandlerName>();
const used = new Map<HandlerName, Set<string>>();

/** The port with every method call recorded as `port.method` against the handler running it. */
function recording<T extends object>(port: T, portName: string): T {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const handler = calling.getStore();
        if (handler) {
          const ops = used.get(handler) ?? new Set<string>();
          ops.add(`${portName}.${prop}`);
          used.set(handler, ops);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function recordingStore(): MemoryStore {
  const store = new MemoryStore();
  for (const port of PORTS) {
    Object.defineProperty(store, port, { value: recording(store[port], port) });
  }
  return store;
}

function events(): unknown[] {
  return readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

let slack: FakeSlack;
beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
});
afterAll(() => slack.stop());

describe('findings-table grants', () => {
  it('cover every store operation each handler calls through the three workflows', async () => {
    const store = recordingStore();
    const notifier = new SlackNotifier({
      client: createSlackClient('xoxb-grants-token', { slackApiUrl: slack.url }),
      channel: 'C0SECURITY1',
      findings: store.findings,
      minIntervalMs: 0,
      retry: { baseBackoffMs: 5 },
    });
    const wrap = Object.fromEntries(
      HANDLER_NAMES.map((name) => [
        name,
        (task: (input: unknown) => Promise<unknown>) => (input: unknown) =>
          calling.run(name, () => task(input)),
      ]),
    );
    const runtime = new LocalRuntime({
      store,
      notifier,
      executor: new DryRunExecutor({ write: () => true }),
      configItems: new FixtureConfigItemSource(
        JSON.parse(readFileSync(join(ROOT, 'examples', 'config-items.json'), 'utf8')),
      ),
      reports: new MemoryReportStore(),
      book: new RuleBook(),
      interactionSlack: new SlackInteractionResponder(notifier),
      approver: () => 'approved',
      wrap,
      root: ROOT,
    });
    let report: Awaited<ReturnType<LocalRuntime['weeklyReport']>>;
    try {
      for (const event of events()) await runtime.triage(event);
      await runtime.settle();
      report = await runtime.weeklyReport();
    } finally {
      runtime.stop();
    }

    // The run reached every handler that touches the table here (else this test would prove little).
    // publish-report's delivery ledger belongs to the cloud's Slack + SNS fan-out, not run here.
    expect(report.status).toBe('SUCCEEDED');
    const handlersThatRan = HANDLERS.filter((h) => h.table?.length && h.name !== 'publish-report').map(
      (h) => h.name,
    );
    for (const name of handlersThatRan) expect(used.has(name), `${name} used the table`).toBe(true);

    const ungranted = [...used].flatMap(([handler, ops]) => {
      const granted = new Set<string>(HANDLERS.find((h) => h.name === handler)?.table ?? []);
      return [...ops].filter((op) => !granted.has(op)).map((op) => `${handler}: ${op}`);
    });
    expect(ungranted).toEqual([]);
  }, 60_000);
});
