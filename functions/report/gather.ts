import type { AuditLog, AuditRecord } from '../ports/audit-log';
import type { CostSource } from '../ports/cost-source';
import type { FindingsStore, StoredFinding } from '../ports/findings-store';
import type { AccountDirectory } from '../ports/inventory-source';
import type { ScoreHistory } from '../ports/score-history';
import type { SuppressionStore } from '../ports/suppression-store';
import type { PillarScore } from '../rulebook/scoring';
import { asOfWeek } from '../shared/open-spans';
import { formatIsoWeek, type IsoWeek, weekEnd, weekStart } from './iso-week';
import type { ReportInput, Section } from './model';
import { scoresFromFindings } from './scores';

export interface GatherDeps {
  findings: FindingsStore;
  history: ScoreHistory;
  /** This week's scores; by default derived from the findings (see scores.ts). */
  currentScores?: (open: StoredFinding[], resolved: StoredFinding[]) => Promise<PillarScore[]>;
  accounts?: AccountDirectory;
  suppressions?: SuppressionStore;
  audit?: AuditLog;
  cost?: CostSource;
}

/**
 * Collects what the report needs. Findings and scores are required; every other section degrades
 * to "unavailable: <why>" (missing permission, API down, not configured) and the report is still written.
 */
export async function gatherReportInput(deps: GatherDeps, week: IsoWeek, now: Date): Promise<ReportInput> {
  const start = weekStart(week);
  const end = weekEnd(week);
  const range = { from: start.toISOString(), to: end.toISOString() };
  // Whatever happened since, a finding open at the week's end, or resolved during the week, is
  // open now (first seen before the week ended) or was last resolved since the week began: the two
  // queries (indexes in the AWS adapter, never a scan) hold every finding the week can show, and
  // each finding's open spans (`asOfWeek`) say how it stood. The current week: what is open now.
  const resolvedUntil = new Date(Math.max(end.getTime(), now.getTime())).toISOString();
  const [open, resolved, history, cost, accounts, suppressions, audit] = await Promise.all([
    collect(deps.findings.query({ status: 'open', to: range.to })),
    collect(deps.findings.query({ status: 'resolved', from: range.from, to: resolvedUntil })),
    deps.history.latest(11, formatIsoWeek(week)),
    optional(deps.cost, 'no cost source is configured', (c) => c.weeklyCost({ start, end })),
    optional(deps.accounts, 'no account directory is configured', (a) => a.list()),
    optional(deps.suppressions, 'no suppression store is configured', (s) => s.list()),
    optional(deps.audit, 'no audit log is configured', (a) => collect<AuditRecord>(a.list(range))),
  ]);
  const openFindings: StoredFinding[] = [];
  const resolvedThisWeek: StoredFinding[] = [];
  const place = (f: StoredFinding) => {
    const then = asOfWeek(f, range.from, range.to);
    if (then) (then.status === 'open' ? openFindings : resolvedThisWeek).push(then);
  };
  // Not isolated from Record (neither were the queries before): a finding reopened or resolved
  // while the queries run may be missed or listed twice; the next report is right.
  for (const f of open) place(f);
  for (const f of resolved) place(f);
  const currentScores = deps.currentScores
    ? await deps.currentScores(openFindings, resolvedThisWeek)
    : scoresFromFindings(openFindings, resolvedThisWeek);
  return {
    week,
    generatedAt: now,
    openFindings,
    resolvedThisWeek,
    currentScores,
    history,
    cost,
    accounts,
    suppressions,
    audit,
  };
}

async function optional<D, T>(
  dep: D | undefined,
  missing: string,
  load: (dep: D) => Promise<T>,
): Promise<Section<T>> {
  if (!dep) return { status: 'unavailable', reason: missing };
  try {
    return { status: 'ok', data: await load(dep) };
  } catch (error) {
    return { status: 'unavailable', reason: describe(error) };
  }
}

/** A reason a reader can act on: AccessDenied says which permission is missing. */
function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  if (e?.name === 'AccessDeniedException' || e?.name === 'AccessDenied') {
    return `access denied (${e.message ?? 'missing permission'})`;
  }
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
