import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { auditRange, createAuditCommand } from '../../functions/cli/commands/audit';
import type { AuditRecord } from '../../functions/ports/audit-log';
import { MemoryAudit } from './memory';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const RECORDS: AuditRecord[] = [
  {
    at: '2026-11-10T09:00:00.000Z',
    actor: 'slack:U1 (sam)',
    action: 'approved',
    findingId: 'f-old',
    approvalId: 'apr_0',
  },
  {
    at: '2026-11-22T10:05:00.000Z',
    actor: 'slack:U1 (sam)',
    action: 'approved',
    findingId: 'f1',
    approvalId: 'apr_1',
    remediationId: 's3-put-public-access-block',
    accountId: '111122223333',
  },
  {
    at: '2026-11-22T10:06:00.000Z',
    actor: 'system',
    action: 'remediated',
    findingId: 'f1',
    approvalId: 'apr_1',
    remediationId: 's3-put-public-access-block',
    outcome: '1 call',
  },
  {
    at: '2026-11-22T10:07:00.000Z',
    actor: 'system',
    action: 'verified',
    findingId: 'f1',
    outcome: 'All four Block Public Access settings are on',
  },
  {
    at: '2026-11-22T11:00:00.000Z',
    actor: 'slack:U2 (kim)',
    action: 'snoozed',
    findingId: 'f2',
    outcome: 'suppressed until 2026-12-22',
  },
];

async function run(args: string[], log = new MemoryAudit(), seed = true) {
  if (seed) for (const r of RECORDS) await log.append(r);
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = new Command('compliance-bot').exitOverride();
  createAuditCommand(
    () => log,
    () => NOW,
  )(program, {
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      env: {},
    },
    setExitCode: (c) => (code = c),
  });
  await program.parseAsync(['audit', ...args], { from: 'user' });
  return { out: out.join(''), err: err.join(''), code };
}

describe('compliance-bot audit', () => {
  it('lists the last 7 days as a table, oldest first', async () => {
    const { out, code } = await run([]);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^at\s+action\s+actor\s+finding\s+remediation · account · outcome$/);
    expect(lines.slice(1, -1).map((l) => l.split(/\s{2,}/)[1])).toEqual([
      'approved',
      'remediated',
      'verified',
      'snoozed',
    ]);
    expect(lines.at(-1)).toBe('4 records');
    expect(out).toContain('s3-put-public-access-block · 111122223333');
    expect(out).not.toContain('f-old');
  });

  it('a decision covering several findings is listed under each of them', async () => {
    const log = new MemoryAudit();
    await log.append({
      at: '2026-11-22T10:08:00.000Z',
      actor: 'slack:U1 (sam)',
      action: 'rejected',
      findingId: 'f-lead',
      coveredFindingIds: ['f-covered'],
      approvalId: 'apr_2',
    });
    const covered = JSON.parse((await run(['--finding', 'f-covered', '--format', 'json'], log)).out);
    expect(covered.records.map((r: AuditRecord) => [r.action, r.findingId])).toEqual([
      ['rejected', 'f-lead'],
    ]);
    const table = (await run(['--finding', 'f-lead'], log)).out;
    expect(table).toContain('f-lead (+f-covered)');
  });

  it('filters by finding, action and actor; prints JSON', async () => {
    const { out } = await run([
      '--finding',
      'f1',
      '--action',
      'approved,verified',
      '--actor',
      'SAM',
      '--format',
      'json',
    ]);
    const parsed = JSON.parse(out);
    expect(parsed.records.map((r: AuditRecord) => r.action)).toEqual(['approved']);
    expect(parsed.range).toEqual({ from: '2026-11-15T12:00:00.000Z', to: '2026-11-22T12:00:00.000Z' });
  });

  it('reads a JSON-lines export with --file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'audit.jsonl');
    writeFileSync(file, `${RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const { out } = await run(
      ['--file', file, '--from', '2026-11-01', '--format', 'jsonl'],
      new MemoryAudit(),
      false,
    );
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(lines.map((r) => r.findingId)).toEqual(['f-old', 'f1', 'f1', 'f1', 'f2']);
  });

  it.each([
    [['--since', 'yesterday'], '--since "yesterday" must look like 24h, 7d or 4w'],
    [['--from', 'not-a-date'], '--from "not-a-date" is not an ISO date or date-time'],
    [
      ['--action', 'deleted'],
      'unknown --action deleted; valid actions: approval-requested, approved, rejected, expired, snoozed, acknowledged, remediated, remediation-failed, verified, verification-failed, resolved, cancelled, already-requested',
    ],
    [['--file', '/nonexistent/audit.jsonl'], '/nonexistent/audit.jsonl: cannot read the file'],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const { err, code, out } = await run(args);
    expect(code).toBe(2);
    expect(err).toBe(`compliance-bot: audit: ${message}\n`);
    expect(out).toBe('');
  });

  it('range helper: an empty range is refused', () => {
    expect(() => auditRange({ from: '2026-11-22', to: '2026-11-21' }, NOW)).toThrow(/range is empty/);
  });
});
