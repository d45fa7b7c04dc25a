import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeadLetterFile } from '../../functions/adapters/local/dead-letter-file';
import { FileStore } from '../../functions/adapters/local/file-store';
import { KEEP_DECIDED_APPROVALS, MemoryStore } from '../../functions/adapters/local/memory-store';
import { workerCount } from '../../functions/cli/start';
import { TriagePool } from '../../functions/local/parallel/pool';
import { shardKeyOfEvent, shardKeyOfFinding, shardOf } from '../../functions/local/shard';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'compliance-bot-parallel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLE = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());

/**
 * The sample events in rounds, with fresh ids: every 3rd round in a second account, every 4th with
 * the bucket renamed (a new set of findings), so the events spread over the workers while the same
 * bucket is made public and fixed again and again; plus a line that is not JSON.
 */
function workload(rounds: number, from = 0): string {
  const lines: string[] = [];
  for (let r = from; r < from + rounds; r++) {
    SAMPLE.forEach((line, i) => {
      let text = line.replace(/"id":"[^"]+"/, `"id":"round-${r}-${i}"`);
      if (r % 3 === 1) text = text.replaceAll('111122223333', '444455556666');
      if (r % 4 === 0) text = text.replaceAll('acme-prod-customer-exports', `acme-exports-${r}`);
      lines.push(text);
    });
    if (r === from) lines.push('{"source": "aws.config", "detail-type": not json');
  }
  return `${lines.join('\n')}\n`;
}

function start(args: string[], input?: string) {
  const run = spawnSync('npm', ['start', '--silent', '--', ...args], {
    cwd: ROOT,
    ...(input === undefined ? {} : { input }),
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', SLACK_BOT_TOKEN: '', SLACK_CHANNEL: '' },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** What one mode of replay left: its output and every file of the state folder, as text. */
function replayTwice(workers: string, events: [string, string]) {
  const state = join(work, `state-${workers}`);
  const args = (file: string) => [
    '--events',
    file,
    '--approve',
    'none',
    '--state',
    state,
    '--workers',
    workers,
  ];
  const first = start([...args(events[0]), '--out', join(work, `out-${workers}`), '--reset']);
  const second = start([...args(events[1]), '--no-report']);
  const file = (name: string) =>
    existsSync(join(state, name)) ? readFileSync(join(state, name), 'utf8') : '';
  const saved = JSON.parse(file('state.json'));
  // Decided approvals are in state.json (the latest) or approvals.jsonl (older; the last line wins).
  const approvals: Record<string, unknown> = {};
  for (const line of file('approvals.jsonl').split('\n').filter(Boolean)) {
    const approval = JSON.parse(line) as { approvalId: string };
    approvals[approval.approvalId] = approval;
  }
  Object.assign(approvals, saved.approvals);
  return {
    output: first + second,
    findings: saved.findings as Record<string, unknown>,
    approvals,
    executions: saved.executions as string[],
    audit: file('audit.jsonl'),
    deadLetters: file('dead-letter.jsonl'),
    leftovers: ['approvals.worker-0.jsonl', 'approvals.worker-1.jsonl'].filter((f) =>
      existsSync(join(state, f)),
    ),
  };
}

/**
 * Replaces what legitimately differs between two replays of the same events: approval ids (random;
 * named by first appearance in the output), timestamps, task tokens and execution names (a clock
 * and a per-runtime counter), the state folder and the worker count in the banner.
 */
function normalizer(output: string) {
  const ids = new Map<string, string>();
  for (const [, id] of output.matchAll(/Approval needed \[([\w-]{12})\]/g))
    if (!ids.has(id!)) ids.set(id!, `APPROVAL-${ids.size + 1}`);
  return (value: unknown): string =>
    (typeof value === 'string' ? value : JSON.stringify(value))
      .replace(/(?<![\w-])[\w-]{12}(?![\w-])/g, (m) => ids.get(m) ?? m)
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
      .replace(/local-task-token-[^"\s]*/g, 'TOKEN')
      .replace(/(execution:compliance-bot-[\w-]+:)[^"\s]+/g, '$1NAME')
      .replace(/([0-9a-f]{24}-[0-9a-f]{16})-[0-9a-z]+/g, '$1-STARTED')
      .replace(/(state|out)-\d/g, '$1')
      .replace(/ on \d+ triage workers/g, '');
}

function sorted(record: Record<string, unknown>, normalize: (v: unknown) => string): string[] {
  return Object.values(record).map(normalize).sort();
}

describe('parallel replay (npm start --workers)', () => {
  it('ends as the one-thread replay: same output in file order, findings, approvals, audit trail, dead letters, summary', () => {
    // Prepare
    const first = join(work, 'first.jsonl');
    const second = join(work, 'second.jsonl');
    writeFileSync(first, workload(40));
    writeFileSync(second, workload(20, 40));

    // Act
    const one = replayTwice('1', [first, second]);
    const two = replayTwice('2', [first, second]);

    // Assess
    expect(two.output).toContain(' on 2 triage workers');
    const a = normalizer(one.output);
    const b = normalizer(two.output);
    expect(one.output).toMatch(/Summary: 601 events, 550 triaged, 51 dead-lettered/);
    expect(b(two.output)).toBe(a(one.output));
    expect(sorted(two.findings, b)).toEqual(sorted(one.findings, a));
    expect(Object.keys(two.approvals).length).toBe(Object.keys(one.approvals).length);
    expect(sorted(two.approvals, b)).toEqual(sorted(one.approvals, a));
    expect(two.executions.map(b).sort()).toEqual(one.executions.map(a).sort());
    expect(b(two.audit)).toBe(a(one.audit));
    expect(b(two.deadLetters)).toBe(a(one.deadLetters));
    expect(two.leftovers).toEqual([]);
  }, 240_000);
});

describe('triage workers that fail', () => {
  const events = (ids: string[], account: string) =>
    ids.map((id) => ({
      ...(JSON.parse(SAMPLE[0]!) as Record<string, unknown>),
      id,
      account,
      detail: {
        ...(JSON.parse(SAMPLE[0]!) as { detail: Record<string, unknown> }).detail,
        configurationItem: {
          ...(JSON.parse(SAMPLE[0]!) as { detail: { configurationItem: Record<string, unknown> } }).detail
            .configurationItem,
          awsAccountId: account,
        },
      },
    }));

  function pool(out: string[]) {
    const store = new MemoryStore();
    const deadLetters = new DeadLetterFile();
    const triage = TriagePool.start({
      workers: 2,
      root: ROOT,
      store,
      deadLetters,
      configItems: [],
      accounts: [],
      approve: 'none',
      notifyMinSeverity: 'medium',
      out: { write: (s: string) => out.push(s) },
      hooks: join(__dirname, 'fixtures', 'worker-faults.ts'),
    });
    return { triage, deadLetters };
  }

  it('a handler that throws in a worker: the event is dead-lettered with the error, the others triaged', async () => {
    // Prepare
    const out: string[] = [];
    const { triage, deadLetters } = pool(out);

    // Act
    await triage.replay(
      events(['ok-1', 'throw-in-evaluate', 'ok-2'], '111122223333').map((event) => ({ event })),
    );
    await triage.finish();

    // Assess
    const totals = triage.summary();
    expect(totals).toMatchObject({ events: 3, succeeded: 2, deadLettered: 1 });
    expect(deadLetters.messages).toHaveLength(1);
    const body = deadLetters.messages[0]!.body as { originalEvent: { id: string }; error: { Cause: string } };
    expect(body.originalEvent.id).toBe('throw-in-evaluate');
    expect(body.error.Cause).toContain('evaluate blew up on purpose');
    expect(out.join('')).toContain('✉️  dead-lettered:');
    expect(triage.crashes).toEqual([]);
  }, 60_000);

  it('a worker that crashes: reported, and its unfinished and later events dead-lettered, never lost or hung', async () => {
    // Prepare: two accounts, so both workers have events; one of them crashes on its second.
    const out: string[] = [];
    const { triage, deadLetters } = pool(out);
    const doomed = events(['a-1', 'crash-the-worker', 'a-3', 'a-4'], '111122223333');
    const worker = (event: unknown) => shardOf(shardKeyOfEvent(event)!, 2);
    let other = '';
    for (let n = 0; !other; n++) {
      const candidate = events([`b-${n}`], `2000000000${String(n).padStart(2, '0')}`)[0]!;
      if (worker(candidate) !== worker(doomed[0])) other = (candidate as { account: string }).account;
    }
    const survivors = events(['b-1', 'b-2', 'b-3'], other);

    // Act
    await triage.replay(
      [doomed[0], survivors[0], doomed[1], survivors[1], doomed[2], survivors[2], doomed[3]].map((event) => ({
        event,
      })),
    );
    await triage.finish();

    // Assess
    expect(triage.crashes).toHaveLength(1);
    expect(out.join('')).toMatch(/✖ triage worker \d stopped: .*the worker blew up on purpose/);
    const totals = triage.summary();
    expect(totals.events).toBe(7);
    // Each event exactly once: triaged, or dead-lettered with its payload (the crash loses what the
    // worker had not reported yet, so a-1 may be either).
    const lettered = deadLetters.messages.map(
      (m) => (m.body as { originalEvent: { id: string } }).originalEvent.id,
    );
    expect(lettered).toEqual(expect.arrayContaining(['crash-the-worker', 'a-3', 'a-4']));
    expect(['a-1', 'crash-the-worker', 'a-3', 'a-4']).toEqual(expect.arrayContaining(lettered));
    expect(totals.deadLettered).toBe(lettered.length);
    expect(totals.succeeded + totals.deadLettered).toBe(7);
    expect(totals.succeeded).toBeGreaterThanOrEqual(3); // the other worker's events
    for (const letter of deadLetters.messages)
      expect((letter.body as { error: { Error: string } }).error.Error).toBe('WorkerCrashed');
  }, 60_000);
});

describe('shard keys', () => {
  const fixture = (path: string) => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', path), 'utf8'));

  it('a CloudTrail call to AWS Config (source aws.config) goes with its account, like every other call', () => {
    const stop = fixture('activity/cloudtrail-stopconfigurationrecorder.json');
    const start = {
      ...stop,
      id: 'start',
      detail: { ...stop.detail, eventName: 'StartConfigurationRecorder' },
    };
    // StopConfigurationRecorder opens a finding that StartConfigurationRecorder resolves: same worker.
    expect(shardKeyOfEvent(stop)).toBe('a|111122223333');
    expect(shardKeyOfEvent(start)).toBe(shardKeyOfEvent(stop));
    expect(
      shardKeyOfFinding({
        source: 'cloudtrail',
        resource: { accountId: '111122223333', type: 'AWS::Config::ConfigurationRecorder', id: 'default' },
      }),
    ).toBe(shardKeyOfEvent(stop));
  });

  it('a Config item that spells its account accountId (Config API / snapshot shape) is keyed by that account', () => {
    const event = fixture('events/config-ci-s3-bucket.json');
    const { awsAccountId, ...item } = event.detail.configurationItem;
    const apiShaped = {
      ...event,
      detail: { ...event.detail, configurationItem: { ...item, accountId: awsAccountId } },
    };
    expect(shardKeyOfEvent(apiShaped)).toBe(shardKeyOfEvent(event));
    expect(shardKeyOfEvent(event)).toContain(`|${awsAccountId}|`);
  });

  it('every finding the sample events record lives on the shard of the event that recorded it', () => {
    // Prepare
    const state = join(work, 'shard-state');
    start([
      '--approve',
      'none',
      '--state',
      state,
      '--out',
      join(work, 'shard-out'),
      '--reset',
      '--no-report',
    ]);
    const findings = Object.values(
      JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')).findings,
    ) as Array<{
      source: string;
      resource: { accountId?: string; region?: string; type: string; id: string };
    }>;
    const keys = new Set(SAMPLE.map((line) => shardKeyOfEvent(JSON.parse(line))));

    // Assess
    expect(findings.length).toBeGreaterThan(10);
    for (const finding of findings) expect(keys).toContain(shardKeyOfFinding(finding));
  }, 60_000);
});

describe('parallel replay edges', () => {
  it('--approve ask on two workers asks every question, in file order, and ends as one thread does', () => {
    // Prepare: more answers than questions; each run gets a fresh state folder.
    const answers = 'y\n'.repeat(60);
    const run = (workers: string) =>
      start(
        [
          '--approve',
          'ask',
          '--workers',
          workers,
          '--state',
          join(work, `ask-${workers}`),
          '--reset',
          '--no-report',
        ],
        answers,
      );

    // Act
    const one = run('1');
    const two = run('2');

    // Assess: the same questions (it used to hang after the third) and the same summary.
    // Approval ids are random per run: compare the questions without them.
    const questions = (out: string) =>
      out
        .split('\n')
        .filter((line) => /approve/i.test(line) && /\?/.test(line))
        .map((line) => line.replace(/Approve \S+ /, 'Approve <id> '));
    expect(questions(one).length).toBeGreaterThan(3);
    expect(questions(two)).toEqual(questions(one));
    const summary = (out: string) =>
      out
        .split('\n')
        .find((line) => line.startsWith('Summary:'))!
        .replace(/\(.*?\)/, '');
    expect(summary(two)).toEqual(summary(one));
  }, 120_000);

  it('an explicit worker count is capped at the number of events', () => {
    expect(workerCount(64, { events: 15, approve: 'none', slack: false })).toBe(15);
    expect(workerCount(2, { events: 1, approve: 'none', slack: false })).toBe(1);
    expect(workerCount(2, { events: 100, approve: 'none', slack: false })).toBe(2);
  });

  it("a stopped parallel run's worker archives are merged into approvals.jsonl when the folder is next opened", async () => {
    // Prepare: what a worker archived before the run was stopped (its last line cut short).
    const dir = join(work, 'leftover');
    mkdirSync(dir, { recursive: true });
    const approval = decided('apr_leftover', '2026-11-20T10:00:00.000Z');
    writeFileSync(
      join(dir, 'approvals.worker-1.jsonl'),
      `${JSON.stringify(approval)}\n{"approvalId":"apr_cut`,
    );

    // Act
    const store = FileStore.open(dir);

    // Assess
    expect(await store.approvals.get('apr_leftover')).toEqual(approval);
    expect(existsSync(join(dir, 'approvals.worker-1.jsonl'))).toBe(false);
    store.flush();
  });

  it("taking the workers' shards back keeps the latest decided approvals overall, the rest archived", async () => {
    // Prepare: each of two workers kept its own latest KEEP_DECIDED_APPROVALS.
    const dir = join(work, 'adopt');
    const store = FileStore.open(dir);
    const part = (worker: number) => ({
      findings: {},
      approvals: Object.fromEntries(
        Array.from({ length: KEEP_DECIDED_APPROVALS }, (_, i) => {
          const at = new Date(Date.UTC(2026, 10, 1) + (2 * i + worker) * 60_000).toISOString();
          return [`apr_${worker}_${i}`, decided(`apr_${worker}_${i}`, at)];
        }),
      ),
    });

    // Act
    store.adopt([part(0), part(1)]);

    // Assess: in memory, the latest KEEP_DECIDED_APPROVALS decisions of both; the older ones still readable.
    const kept = Object.values(store.snapshot().approvals);
    expect(kept).toHaveLength(KEEP_DECIDED_APPROVALS);
    const oldestKept = kept.map((a) => a.decidedAt!).sort()[0]!;
    expect(oldestKept).toBe(new Date(Date.UTC(2026, 10, 1) + KEEP_DECIDED_APPROVALS * 60_000).toISOString());
    expect((await store.approvals.get('apr_0_0'))?.decidedAt).toBe('2026-11-01T00:00:00.000Z');
    store.flush();
  });
});

function decided(approvalId: string, decidedAt: string) {
  return {
    approvalId,
    findingId: `finding-of-${approvalId}`,
    remediationId: 's3-block-public-access',
    plan: { calls: [] },
    taskToken: `token-${approvalId}`,
    severity: 'high',
    requestedAt: decidedAt,
    expiresAt: '2026-12-31T00:00:00.000Z',
    decision: 'rejected' as const,
    decidedBy: 'ULOCALAPPROVER',
    decidedAt,
  };
}
