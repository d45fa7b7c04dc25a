import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogFile } from '../../../functions/adapters/local/audit-log-file';
import { FileStore } from '../../../functions/adapters/local/file-store';
import { KEEP_DECIDED_APPROVALS } from '../../../functions/adapters/local/memory-store';
import type { Approval } from '../../../functions/ports/approval-store';
import type { AuditRecord } from '../../../functions/ports/audit-log';
import type { StoredFinding } from '../../../functions/ports/findings-store';
import { gatherReportInput } from '../../../functions/report/gather';
import { MAX_PAST_OPENINGS } from '../../../functions/shared/open-spans';
import { storedFinding } from '../../notifications/findings';
import { realS3Finding, stored } from '../../report/fixtures';
import {
  caseFinding,
  expectReported,
  indexedCases,
  type PastWeekReport,
  playPastWeekCases,
  REPORT_NOW,
  REPORTED_WEEK,
  reportedStandings,
} from '../../support/past-week-cases';

const folder = () => mkdtempSync(join(tmpdir(), 'compliance-bot-store-'));
const record = (at: string, action: AuditRecord['action'] = 'approved'): AuditRecord => ({
  at,
  actor: 'slack:U012AB3CDE (sam.rivera)',
  action,
  findingId: 'f1',
  approvalId: 'apr_1',
});
const pendingApproval: Approval = {
  approvalId: 'apr_1',
  findingId: 'f1',
  remediationId: 's3-put-public-access-block',
  plan: {},
  taskToken: 't',
  severity: 'high',
  requestedAt: '2026-11-20T10:00:00.000Z',
  expiresAt: '2026-11-21T10:00:00.000Z',
};
async function all(
  log: { list(r: { from: string; to: string }): AsyncIterable<AuditRecord> },
  from = '2000',
  to = '3000',
) {
  const out: AuditRecord[] = [];
  for await (const r of log.list({ from, to })) out.push(r);
  return out;
}

describe('the local audit trail (audit.jsonl in the state folder)', () => {
  it('appends each record as a line when it happens, before any flush', async () => {
    const dir = folder();
    const store = FileStore.open(dir);
    await store.audit.append(record('2026-11-20T10:00:00.000Z', 'approval-requested'));
    await store.audit.append(record('2026-11-20T10:05:00.000Z', 'approved'));
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).action)).toEqual(['approval-requested', 'approved']);
    // Another process (the `audit` command) reads it back, in time order, within the range only.
    const reader = FileStore.open(dir);
    expect((await all(reader.audit, '2026-11-20T10:01', '2026-11-21')).map((r) => r.action)).toEqual([
      'approved',
    ]);
  });

  it('keeps the audit trail out of state.json and out of memory', async () => {
    const dir = folder();
    const store = FileStore.open(dir);
    await store.audit.append(record('2026-11-20T10:00:00.000Z'));
    await store.approvals.put(pendingApproval);
    store.flush();
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(state.audit).toBeUndefined();
    expect(Object.keys(state.approvals)).toEqual(['apr_1']);
    expect(store.snapshot().audit).toEqual([]);
  });

  it('moves the audit records of a state.json written by an older version into audit.jsonl, once', async () => {
    const dir = folder();
    const old = [record('2026-11-19T09:00:00.000Z', 'rejected'), record('2026-11-18T09:00:00.000Z')];
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ findings: {}, approvals: {}, audit: old }));
    const store = FileStore.open(dir);
    expect((await all(store.audit)).map((r) => r.at)).toEqual([old[1]!.at, old[0]!.at]);
    store.flush();
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).audit).toBeUndefined();
    expect(await all(FileStore.open(dir).audit)).toHaveLength(2);
  });

  it('skips a last line cut short by an interrupted run, and names the line of any other bad one', async () => {
    const path = join(folder(), 'audit.jsonl');
    const log = new AuditLogFile(path);
    log.appendSync(record('2026-11-20T10:00:00.000Z'));
    log.close();
    appendFileSync(path, '{"at":"2026-11-20T10:0');
    expect(await all(log)).toHaveLength(1);

    writeFileSync(path, `${JSON.stringify(record('2026-11-20T10:00:00.000Z'))}\nnot json\n`);
    await expect(all(log)).rejects.toThrow(`${path}:2: not a JSON audit record`);
    writeFileSync(path, '{"action":"approved"}\n');
    await expect(all(log)).rejects.toThrow(`${path}:1: audit record has no "at" timestamp`);
  });

  it('lists nothing when no record was ever written', async () => {
    expect(await all(new AuditLogFile(join(folder(), 'audit.jsonl')))).toEqual([]);
  });
});

describe('local approvals (same semantics as the DynamoDB adapter)', () => {
  it('undo and replaceDecision act only on the decision that click stored, and persist', async () => {
    // Prepare
    const dir = folder();
    const store = FileStore.open(dir);
    await store.approvals.put(pendingApproval);
    const at = new Date('2026-11-20T10:05:00.000Z');
    const decided = { decision: 'approved' as const, decidedBy: 'sam', decidedAt: at.toISOString() };
    await store.approvals.decide('apr_1', 'approved', 'sam', at);
    // Act / Assess
    expect(await store.approvals.undo('apr_1', { ...decided, decidedBy: 'alex' })).toBe(false);
    expect(await store.approvals.undo('apr_1', decided)).toBe(true);
    expect(await store.approvals.get('apr_1')).not.toHaveProperty('decidedBy');
    expect(await store.approvals.undo('apr_1', decided)).toBe(false);
    expect(await store.approvals.undo('apr_missing', decided)).toBe(false);
    await store.approvals.decide('apr_1', 'approved', 'sam', at);
    expect(await store.approvals.replaceDecision('apr_1', decided, 'expired', 'system', at)).toMatchObject({
      decision: 'expired',
      decidedBy: 'system',
    });
    expect(await store.approvals.replaceDecision('apr_1', decided, 'rejected', 'x', at)).toBeUndefined();
    store.flush();
    expect(await FileStore.open(dir).approvals.get('apr_1')).toMatchObject({ decision: 'expired' });
  });
});

describe('local approvals archive (approvals.jsonl in the state folder)', () => {
  const at = new Date('2026-11-20T10:05:00.000Z');
  const approval = (i: number): Approval =>
    Object.assign({}, pendingApproval, { approvalId: `apr_${i}`, taskToken: `token-${i}`, plan: { i } });

  it('keeps pending and the latest decided approvals in memory; older decided ones stay readable from the file', async () => {
    // Prepare
    const dir = folder();
    const store = FileStore.open(dir);
    const count = KEEP_DECIDED_APPROVALS + 5;
    await store.approvals.put(approval(-1));
    for (let i = 0; i < count; i++) {
      await store.approvals.put(approval(i));
      await store.approvals.decide(`apr_${i}`, 'rejected', 'sam', at);
    }
    // Act
    store.flush();
    // Assess
    const inMemory = Object.keys(store.snapshot().approvals);
    expect(inMemory).toHaveLength(KEEP_DECIDED_APPROVALS + 1);
    expect(inMemory).toContain('apr_-1');
    expect(inMemory).not.toContain('apr_0');
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).approvals)).toEqual(
      inMemory,
    );
    expect(readFileSync(join(dir, 'approvals.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5);
    const reopened = FileStore.open(dir);
    expect(await reopened.approvals.get('apr_3')).toEqual(
      Object.assign(approval(3), { decision: 'rejected', decidedBy: 'sam', decidedAt: at.toISOString() }),
    );
    expect(await reopened.approvals.decide('apr_3', 'approved', 'alex', at)).toBeUndefined();
    await reopened.approvals.put(approval(3));
    expect(await reopened.approvals.get('apr_3')).toMatchObject({ decision: 'rejected' });
  });

  it('updates an archived approval in the file (undo, replaceDecision), and the file wins over an older state.json', async () => {
    // Prepare
    const dir = folder();
    const store = FileStore.open(dir);
    for (let i = 0; i <= KEEP_DECIDED_APPROVALS; i++) {
      await store.approvals.put(approval(i));
      if (i === 0) store.flush(); // state.json holds apr_0 pending; the run then stops without a flush
      await store.approvals.decide(`apr_${i}`, 'approved', 'sam', at);
    }
    const decided = { decision: 'approved' as const, decidedBy: 'sam', decidedAt: at.toISOString() };
    // Act
    expect(await store.approvals.undo('apr_0', decided)).toBe(true);
    await store.approvals.decide('apr_0', 'approved', 'sam', at);
    const replaced = await store.approvals.replaceDecision('apr_0', decided, 'expired', 'system', at);
    // Assess
    expect(replaced).toMatchObject({ decision: 'expired', decidedBy: 'system' });
    expect(store.snapshot().approvals).not.toHaveProperty('apr_0');
    appendFileSync(join(dir, 'approvals.jsonl'), '{"approvalId":"apr_9'); // an interrupted write
    const reopened = FileStore.open(dir);
    expect(reopened.snapshot().approvals).not.toHaveProperty('apr_0');
    expect(await reopened.approvals.get('apr_0')).toMatchObject({ decision: 'expired', plan: { i: 0 } });
    await reopened.approvals.undo('apr_0', {
      decision: 'expired',
      decidedBy: 'system',
      decidedAt: at.toISOString(),
    });
    expect(await FileStore.open(dir).approvals.get('apr_0')).not.toHaveProperty('decision');
  });
});

describe('approvals a triage worker archived (parallel replay)', () => {
  it('are appended to approvals.jsonl at the end, the latest version of each winning; a torn last line is dropped', async () => {
    // Prepare
    const dir = folder();
    const store = FileStore.open(dir);
    const own = join(dir, 'approvals.worker-0.jsonl');
    const decided = (i: number, decision: Approval['decision']) =>
      Object.assign({}, pendingApproval, { approvalId: `apr_${i}`, decision, decidedBy: 'sam' });
    writeFileSync(
      own,
      `${[decided(1, 'approved'), decided(2, 'rejected'), decided(1, 'expired')]
        .map((a) => JSON.stringify(a))
        .join('\n')}\n{"approvalId":"apr_3`,
    );
    // Act
    store.adoptArchivedApprovals(own);
    store.flush();
    // Assess
    const reopened = FileStore.open(dir);
    expect(await reopened.approvals.get('apr_1')).toMatchObject({ decision: 'expired' });
    expect(await reopened.approvals.get('apr_2')).toMatchObject({ decision: 'rejected' });
    expect(await reopened.approvals.get('apr_3')).toBeUndefined();
  });
});

describe('local delivery records (state.json)', () => {
  it('survive a restart, so `npm start` replaying an event does not post to Slack twice', async () => {
    const dir = folder();
    const store = FileStore.open(dir);
    await store.deliveries.record('slack', 'f1|fp|opened||t1', new Date('2026-11-20T10:00:00.000Z'));
    store.flush();
    const reopened = FileStore.open(dir);
    expect(await reopened.deliveries.delivered('f1|fp|opened||t1')).toEqual(new Set(['slack']));
    expect(await reopened.deliveries.delivered('f1|fp|changed||t2')).toEqual(new Set());
  });

  it('a state folder written before delivery records opens with none', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ findings: {}, executions: [] }));
    const store = FileStore.open(dir);
    expect(await store.deliveries.delivered('anything')).toEqual(new Set());
    await store.deliveries.record('terminal', 'k', new Date('2026-11-20T10:00:00.000Z'));
    expect(await store.deliveries.delivered('k')).toEqual(new Set(['terminal']));
  });
});

describe("a past week's report from the state folder (open spans kept in state.json)", () => {
  const base = realS3Finding();
  let dir: string;
  let report: PastWeekReport;
  beforeAll(async () => {
    // Prepare: `npm start` records the findings' lives, and stops.
    dir = folder();
    const writer = FileStore.open(dir);
    await playPastWeekCases(writer.findings, base);
    writer.flush();
    // Act: `compliance-bot report --week 2026-W47` reads the folder later.
    const reader = FileStore.open(dir);
    report = await reportedStandings(reader.findings, reader.history);
  });

  it.each(indexedCases())('$name: $expected', (c) => expectReported(report, c));

  it('keeps at most MAX_PAST_OPENINGS spans of a flapping finding, a few KB of state.json', () => {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as {
      findings: Record<string, StoredFinding>;
    };
    const flapping = indexedCases()
      .filter((c) => c.flapping)
      .map((c) => state.findings[caseFinding(base, c.index).id]!);
    expect(flapping).toHaveLength(4);
    for (const f of flapping) {
      expect(f.pastOpenings).toHaveLength(MAX_PAST_OPENINGS);
      expect(JSON.stringify(f.pastOpenings).length).toBeLessThan(6 * 1024);
    }
  });
});

describe('a state folder written before findings kept their open spans', () => {
  const at = (d: string) => `2026-${d}T09:00:00.000Z`;
  /** Findings as an older version wrote them: `openedAt` reset on reopening, no `pastOpenings`. */
  const older = {
    // First seen in October, resolved, reopened after W47: its earlier spans are unknown.
    reopenedLater: stored(Object.assign({}, realS3Finding(), { id: 'old-reopened' }), {
      firstSeenAt: at('10-01'),
      openedAt: at('11-24'),
    }),
    // Open through W47, resolved after it.
    resolvedLater: stored(Object.assign({}, realS3Finding(), { id: 'old-resolved-later' }), {
      firstSeenAt: at('11-10'),
      status: 'resolved',
      resolvedAt: at('11-24'),
    }),
    // Resolved during W47.
    resolvedDuring: stored(Object.assign({}, realS3Finding(), { id: 'old-resolved-during' }), {
      firstSeenAt: at('11-10'),
      status: 'resolved',
      resolvedAt: at('11-18'),
    }),
  };
  const ids = async (dir: string) => {
    const store = FileStore.open(dir);
    const input = await gatherReportInput(
      { findings: store.findings, history: store.history },
      REPORTED_WEEK,
      REPORT_NOW,
    );
    return {
      open: input.openFindings.map((f) => f.id).sort(),
      resolved: input.resolvedThisWeek.map((f) => f.id),
    };
  };

  it('loads, reports as before, and keeps the span a later reopening closes', async () => {
    // Prepare
    const dir = folder();
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({ findings: Object.fromEntries(Object.values(older).map((f) => [f.id, f])) }),
    );
    // Act / Assess: as before (only their latest span is known).
    expect(await ids(dir)).toEqual({ open: ['old-resolved-later'], resolved: ['old-resolved-during'] });
    // Act: the finding resolved after W47 reopens.
    const store = FileStore.open(dir);
    const finding = Object.assign({}, realS3Finding(), { id: 'old-resolved-later' });
    const { opened } = await store.findings.record([finding], [], new Date(at('11-26')));
    store.flush();
    // Assess: the span it closed is kept (opened when first seen: no `openedAt` on the old item).
    expect(opened[0]?.pastOpenings).toEqual([{ openedAt: at('11-10'), resolvedAt: at('11-24') }]);
    expect(await ids(dir)).toEqual({ open: ['old-resolved-later'], resolved: ['old-resolved-during'] });
  });
});

describe('the local findings store: Config items in order (per-resource watermark in state.json)', () => {
  const resource = 'r|111122223333|eu-west-1|AWS::S3::Bucket|b1';
  // A Finding (what Record passes): the stored form's own fields are rebuilt by the store.
  const {
    status: _s,
    firstSeenAt: _f,
    lastSeenAt: _l,
    fingerprint: _p,
    ...finding
  } = storedFinding({ id: 'f1' });
  const passed = [
    { findingId: 'f1', ruleId: 's3-bucket-blocks-public-access', resource: { type: 'x', id: 'b1' } },
  ];
  const now = new Date('2026-11-20T10:00:00.000Z');
  const early = { resource, captureTime: '2025-06-10T09:14:29.876Z', eventId: 'early', stateId: 5 };
  const fixed = { resource, captureTime: '2025-06-10T10:04:58.000Z', eventId: 'fixed', stateId: 1 };

  it('keeps the watermark across runs: an older item replayed in a later run changes nothing', async () => {
    // Prepare
    const dir = folder();
    const first = FileStore.open(dir);
    await first.findings.record([finding], [], now, early);
    await first.findings.record([], passed, now, fixed);
    first.flush();

    // Act
    const second = FileStore.open(dir);
    const replay = await second.findings.record([finding], [], now, early);

    // Assess
    expect(replay.stale).toEqual({
      resource,
      captureTime: early.captureTime,
      eventId: 'early',
      latest: { captureTime: fixed.captureTime, eventId: 'fixed' },
    });
    expect(replay.opened).toEqual([]);
    expect((await second.findings.get('f1'))!.status).toBe('resolved');
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(state.resources[resource]).toMatchObject({ eventId: 'fixed', stateId: 1 });
  });

  it('orders by capture time first, then state id; the same item again applies; no order: as before', async () => {
    // Prepare
    const store = FileStore.open(folder());
    await store.findings.record([finding], [], now, fixed);

    // Act / Assess
    const sameTimeLowerState = { ...fixed, stateId: 0, eventId: 'tie' };
    expect((await store.findings.record([], passed, now, sameTimeLowerState)).stale).toBeDefined();
    expect((await store.findings.record([finding], [], now, fixed)).unchanged).toHaveLength(1);
    expect((await store.findings.record([], passed, now)).resolved).toHaveLength(1);
  });

  it('a resolution with a reason keeps it, and a state folder from before watermarks still opens', async () => {
    // Prepare
    const dir = folder();
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ findings: {}, approvals: {} }));
    const store = FileStore.open(dir);
    await store.findings.record([finding], [], now, early);
    const reason = { code: 'resource-deleted' as const, text: 'the resource was deleted (test)' };

    // Act
    const out = await store.findings.record([], [{ ...passed[0]!, reason }], now, {
      ...fixed,
      deleted: 'ResourceDeleted',
    });

    // Assess
    expect(out.resolved[0]!.resolvedReason).toEqual(reason);
    const late = await store.findings.record([finding], [], now, early);
    expect(late.stale?.latest).toMatchObject({ eventId: 'fixed', deleted: 'ResourceDeleted' });
  });

  it('parallel replay: each worker keeps its own resources, and the store takes them back', () => {
    // Prepare
    const store = FileStore.open(folder());
    const other = 'r|111122223333|eu-west-1|AWS::S3::Bucket|b2';
    const mark = (eventId: string) => ({ key: 'k', captureTime: 't', eventId });

    // Act
    store.adopt([
      { findings: {}, approvals: {}, resources: { [resource]: mark('w1') } },
      { findings: {}, approvals: {}, resources: { [other]: mark('w2') } },
    ]);

    // Assess
    expect(store.snapshot().resources).toEqual({ [resource]: mark('w1'), [other]: mark('w2') });
  });
});
