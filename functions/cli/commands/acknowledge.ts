import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { FileStore } from '../../adapters/local/file-store';
import { type AcknowledgeResult, acknowledgeable, acknowledgeFinding } from '../../approvals/acknowledge';
import { renderNotificationForTerminal } from '../../notifications/terminal';
import type { StoredFinding } from '../../ports/findings-store';
import { SEVERITY_RANK } from '../../rulebook/model/severity';
import { isOneOffFinding } from '../../rulebook/one-off';
import { InputError, UsageError } from '../errors';
import { colorsFor } from '../io';
import type { CommandContext } from './shared';

interface AcknowledgeOptions {
  from: string;
  by?: string;
  reason?: string;
}

/** A prefix this long or longer names a finding when only one id starts with it (as git does). */
const MIN_PREFIX = 6;

/**
 * `compliance-bot acknowledge [FINDING-ID] [--from .local-state] [--by NAME] [--reason TEXT]`: closes
 * a one-off finding of the local state (a root sign-in, a StopLogging call, a cost anomaly: no later
 * event resolves them) as reviewed, as the Acknowledge button of the Slack card does; the audit trail
 * records it as `local:NAME`. Without an id it lists the open one-off findings with their ids.
 */
export function registerAcknowledge(program: Command, ctx: CommandContext): void {
  program
    .command('acknowledge')
    .description(
      'Close a one-off finding (CloudTrail activity, cost anomaly) as reviewed; without an id, list them',
    )
    .argument('[finding-id]', 'the finding id (or a unique prefix of 6+ characters) shown in its notice')
    .option('--from <dir>', 'state folder written by `npm start`', '.local-state')
    .option('--by <name>', 'who acknowledges, for the audit trail (default: your user name)')
    .option('--reason <text>', 'why it needs no further action, for the audit trail')
    .action(async (id: string | undefined, options: AcknowledgeOptions) => {
      const dir = resolve(ctx.io.cwd, options.from);
      if (!existsSync(join(dir, 'state.json'))) {
        throw new InputError(
          options.from,
          'no state.json here: run `npm start` first, or name the state folder',
        );
      }
      const store = FileStore.open(dir);
      if (id === undefined) {
        ctx.io.stdout.write(await listOneOff(store, options.from));
        return;
      }
      const finding = await findById(store, id, options.from);
      const by = options.by?.trim() || defaultUser(ctx.io.env);
      try {
        const result: AcknowledgeResult =
          acknowledgeable(finding) ??
          (await acknowledgeFinding(
            { findings: store.findings, audit: store.audit, now: () => new Date() },
            finding,
            { name: by, actor: `local:${by}` },
            options.reason,
          ));
        ctx.io.stdout.write(`${describe(result, finding, ctx)}\n`);
        // The terminal is the local channel, and the notice is on it now: delivered, as Notify marks
        // it, so a replayed copy of an acknowledged occurrence (`npm start` again) owes no RESOLVED post.
        const notice = result.kind === 'acknowledged' ? result.finding.notice : undefined;
        if (notice?.kind === 'resolved') await store.findings.markNotified(finding.id, notice);
      } finally {
        store.flush();
      }
    });
}

async function findById(store: FileStore, id: string, from: string): Promise<StoredFinding> {
  const exact = await store.findings.get(id);
  if (exact) return exact;
  const matches: StoredFinding[] = [];
  if (id.length >= MIN_PREFIX)
    for await (const f of store.findings.query({})) if (f.id.startsWith(id)) matches.push(f);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UsageError(
      `${id} starts ${matches.length} finding ids (${matches
        .slice(0, 3)
        .map((f) => f.id)
        .join(', ')}…): give more of it`,
    );
  }
  throw new UsageError(
    `no finding ${id} in ${from} (\`compliance-bot acknowledge --from ${from}\` lists the open one-off findings)`,
  );
}

function describe(result: AcknowledgeResult, finding: StoredFinding, ctx: CommandContext): string {
  switch (result.kind) {
    case 'acknowledged':
      return renderNotificationForTerminal({ kind: 'resolved', finding: result.finding }, undefined, {
        enabled: colorsFor(ctx.io.stdout, ctx.io.env).isColorSupported,
      });
    case 'already-acknowledged': {
      const ack = result.finding.acknowledged!;
      return `${finding.id} was already acknowledged by ${ack.by} at ${ack.at}: nothing changed`;
    }
    case 'already-resolved':
      return `${finding.id} is already resolved${result.finding.resolvedAt ? ` (at ${result.finding.resolvedAt})` : ''}: nothing changed`;
    case 'not-one-off':
      throw new UsageError(
        `${finding.id} (${finding.ruleId}) judges the state of ${finding.resource.id}: it resolves when its check passes again; to accept it, add a suppression`,
      );
    case 'unknown-finding':
      throw new UsageError(`no finding ${finding.id}`);
  }
}

/** The open one-off findings of a store. */
async function openOneOff(store: Pick<FileStore, 'findings'>): Promise<StoredFinding[]> {
  const open: StoredFinding[] = [];
  for await (const f of store.findings.query({ status: 'open' })) if (isOneOffFinding(f)) open.push(f);
  return open;
}

/** The line `npm start` ends with when one-off findings are open: how to review and close them. */
export async function oneOffHint(store: Pick<FileStore, 'findings'>, from: string): Promise<string> {
  const count = (await openOneOff(store)).length;
  if (count === 0) return '';
  return (
    `Open one-off findings: ${count} (API calls, sign-ins, cost anomalies: no later event closes them);` +
    ` \`npx compliance-bot acknowledge --from ${from}\` lists them, to acknowledge once reviewed.\n`
  );
}

/** The open one-off findings, most severe first, one line each with the id to copy. */
async function listOneOff(store: FileStore, from: string): Promise<string> {
  const open = await openOneOff(store);
  open.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.id.localeCompare(b.id),
  );
  if (open.length === 0) return `no open one-off findings in ${from}\n`;
  const rows = open.map((f) => [
    f.severity,
    f.id,
    f.ruleId,
    `${f.resource.type} ${f.resource.id}`,
    f.observedAt,
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return [
    `${open.length} open one-off finding${open.length === 1 ? '' : 's'} in ${from} (no later event closes them):`,
    ...lines,
    `close one: compliance-bot acknowledge <finding-id> --from ${from} --by <name> --reason <text>`,
    '',
  ].join('\n');
}

function defaultUser(env: Record<string, string | undefined>): string {
  const fromEnv = env.USER ?? env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
