import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import pc from 'picocolors';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import { closestId } from '../../rulebook/config';

/**
 * `compliance-bot audit`: who decided what, when, on which finding, and what the fix did, read from
 * an AuditLog (the local state folder, DynamoDB, or a JSON-lines export with `--file`).
 *
 * Register in `functions/cli/main.ts`:
 *   COMMANDS = [registerScan, registerEvaluate, registerRules, createAuditCommand(openAuditLog)]
 * where `openAuditLog({ state })` returns the local adapter's AuditLog for that folder.
 */
export interface AuditCommandContext {
  io: {
    stdout: { write(text: string): unknown; isTTY?: boolean };
    stderr: { write(text: string): unknown };
    env: Record<string, string | undefined>;
  };
  setExitCode(code: number): void;
}

export type OpenAuditLog = (options: { state?: string }) => AuditLog | Promise<AuditLog>;

const ACTIONS: readonly AuditRecord['action'][] = [
  'approval-requested',
  'approved',
  'rejected',
  'expired',
  'snoozed',
  'acknowledged',
  'remediated',
  'remediation-failed',
  'verified',
  'verification-failed',
  'resolved',
  'cancelled',
  'already-requested',
];

export class AuditUsageError extends Error {
  override readonly name = 'AuditUsageError';
}

export interface AuditQuery {
  from: string;
  to: string;
  findingId?: string;
  actions?: readonly string[];
  actor?: string;
}

const DURATION = /^(\d+)([hdw])$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Resolves `--since 7d` / `--from` / `--to` into an ISO range [from, to). */
export function auditRange(
  options: { since?: string; from?: string; to?: string },
  now: Date,
): { from: string; to: string } {
  const instant = (value: string, flag: string) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms))
      throw new AuditUsageError(`${flag} ${JSON.stringify(value)} is not an ISO date or date-time`);
    return new Date(ms).toISOString();
  };
  const to = options.to ? instant(options.to, '--to') : now.toISOString();
  let from: string;
  if (options.from) from = instant(options.from, '--from');
  else {
    const m = DURATION.exec(options.since ?? '7d');
    if (!m)
      throw new AuditUsageError(`--since ${JSON.stringify(options.since)} must look like 24h, 7d or 4w`);
    from = new Date(Date.parse(to) - Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]).toISOString();
  }
  if (from >= to) throw new AuditUsageError(`the range is empty: from ${from} is not before to ${to}`);
  return { from, to };
}

export async function collectAudit(log: AuditLog, query: AuditQuery): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const record of log.list({ from: query.from, to: query.to })) {
    // A decision on one fix for several findings of a resource names the others in coveredFindingIds.
    if (
      query.findingId &&
      record.findingId !== query.findingId &&
      !record.coveredFindingIds?.includes(query.findingId)
    )
      continue;
    if (query.actions && !query.actions.includes(record.action)) continue;
    if (query.actor && !record.actor.toLowerCase().includes(query.actor.toLowerCase())) continue;
    out.push(record);
  }
  return out;
}

/** An AuditLog over a JSON-lines export (one AuditRecord per line). */
export function jsonLinesAuditLog(path: string, text: string): AuditLog {
  const records = text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new AuditUsageError(`${path}:${n}: not JSON`);
      }
      const r = value as Partial<AuditRecord>;
      if (
        typeof r.at !== 'string' ||
        typeof r.actor !== 'string' ||
        typeof r.action !== 'string' ||
        typeof r.findingId !== 'string'
      ) {
        throw new AuditUsageError(`${path}:${n}: an audit record needs at, actor, action and findingId`);
      }
      return r as AuditRecord;
    })
    .sort((a, b) => a.at.localeCompare(b.at));
  return {
    append: async () => {
      throw new AuditUsageError('a JSON-lines export is read-only');
    },
    async *list(range) {
      for (const r of records) if (r.at >= range.from && r.at < range.to) yield r;
    },
  };
}

export function renderAuditTable(records: readonly AuditRecord[], colors = false): string {
  const c = pc.createColors(colors);
  const tone: Partial<Record<AuditRecord['action'], (s: string) => string>> = {
    approved: c.green,
    verified: c.green,
    remediated: c.green,
    rejected: c.yellow,
    snoozed: c.yellow,
    acknowledged: c.yellow,
    expired: c.dim,
    resolved: c.dim,
    cancelled: c.dim,
    'already-requested': c.dim,
    'remediation-failed': c.red,
    'verification-failed': c.red,
  };
  const rows = records.map((r) => [
    r.at,
    r.action,
    r.actor,
    r.coveredFindingIds?.length ? `${r.findingId} (+${r.coveredFindingIds.join(', ')})` : r.findingId,
    [r.remediationId, r.accountId, r.outcome, r.dryRun ? 'dry-run' : undefined].filter(Boolean).join(' · '),
  ]);
  const head = ['at', 'action', 'actor', 'finding', 'remediation · account · outcome'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const pad = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [c.bold(pad(head))];
  for (const [i, row] of rows.entries()) {
    const line = pad(row);
    const paint = tone[records[i]!.action];
    lines.push(paint ? line.replace(row[1]!, paint(row[1]!)) : line);
  }
  lines.push(`${records.length} record${records.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** The command factory: `openAuditLog` is how this deployment reaches its audit log. */
export function createAuditCommand(openAuditLog: OpenAuditLog, now: () => Date = () => new Date()) {
  return function registerAudit(program: Command, ctx: AuditCommandContext): void {
    program
      .command('audit')
      .description('Show the audit log: approvals, rejections, snoozes, remediations and their verification')
      .option('--since <duration>', 'how far back (24h, 7d, 4w)', '7d')
      .option('--from <iso>', 'start (inclusive), instead of --since')
      .option('--to <iso>', 'end (exclusive), default now')
      .option('--finding <id>', 'only this finding')
      .option('--action <actions>', `comma-separated: ${ACTIONS.join(', ')}`)
      .option('--actor <text>', 'only records whose actor contains this text')
      .option('--state <dir>', 'local state folder to read (local runtime)')
      .option('--file <path>', 'read a JSON-lines export instead of the configured log')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['table', 'json', 'jsonl'])
          .default('table'),
      )
      .action(async (options: Record<string, string | undefined>) => {
        try {
          const range = auditRange(options, now());
          const actions = options.action
            ?.split(',')
            .map((a) => a.trim())
            .filter(Boolean);
          const unknown = actions?.filter((a) => !(ACTIONS as readonly string[]).includes(a)) ?? [];
          if (unknown.length > 0) {
            const hint = unknown.length === 1 ? closestId(unknown[0]!, new Set(ACTIONS)) : undefined;
            throw new AuditUsageError(
              `unknown --action ${unknown.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}; valid actions: ${ACTIONS.join(', ')}`,
            );
          }
          const log = options.file
            ? jsonLinesAuditLog(
                options.file,
                await readFile(options.file, 'utf8').catch(() => {
                  throw new AuditUsageError(`${options.file}: cannot read the file`);
                }),
              )
            : await openAuditLog(options.state ? { state: options.state } : {});
          const records = await collectAudit(log, {
            ...range,
            ...(options.finding ? { findingId: options.finding } : {}),
            ...(actions ? { actions } : {}),
            ...(options.actor ? { actor: options.actor } : {}),
          });
          if (options.format === 'json')
            ctx.io.stdout.write(`${JSON.stringify({ range, records }, null, 2)}\n`);
          else if (options.format === 'jsonl')
            ctx.io.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
          else {
            const colors = Boolean(ctx.io.stdout.isTTY) && !ctx.io.env.NO_COLOR;
            ctx.io.stdout.write(renderAuditTable(records, colors));
          }
          ctx.setExitCode(0);
        } catch (error) {
          if (!(error instanceof AuditUsageError)) throw error;
          ctx.io.stderr.write(`compliance-bot: audit: ${error.message}\n`);
          ctx.setExitCode(2);
        }
      });
  };
}
