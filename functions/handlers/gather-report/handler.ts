import { z } from 'zod';
import type { FindingsStore, StoredFinding } from '../../ports/findings-store';
import type { ScoreHistory, WeeklySnapshot } from '../../ports/score-history';
import { lambdaHandler } from '../../shared/middleware';
import { parseInput } from '../../shared/schemas';
import { isoWeek, weekStart } from '../../shared/week';

/** A finding reduced to what the report shows: keeps the payload far below the 256 KB state limit. */
export interface ReportFinding {
  id: string;
  ruleId: string;
  title: string;
  pillar: string;
  severity: string;
  resource: { type: string; id: string; accountId?: string; region?: string };
  firstSeenAt: string;
  resolvedAt?: string;
}

export interface Gathered {
  week: string;
  from: string;
  to: string;
  generatedAt: string;
  open: ReportFinding[];
  /** Resolved during the week: they count as passed checks in the scores. */
  resolved: ReportFinding[];
  previous: WeeklySnapshot[];
}

export interface GatherReportDeps {
  findings: FindingsStore;
  history: ScoreHistory;
  now?: () => Date;
  /** Snapshots of earlier weeks to include for trends. */
  trendWeeks?: number;
}

const input = z
  .looseObject({
    week: z
      .string()
      .regex(/^\d{4}-W\d{2}$/)
      .optional(),
  })
  .or(z.null());

/** Open findings, the week's resolutions and earlier snapshots, from the stores (queries, never scans). */
export function createTask(deps: GatherReportDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<Gathered> => {
    parseInput(input, event ?? null, 'GatherReport');
    const at = now();
    const from = weekStart(at);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const week = isoWeek(at);
    const open: ReportFinding[] = [];
    for await (const f of deps.findings.query({ status: 'open' })) open.push(compact(f));
    const resolved: ReportFinding[] = [];
    for await (const f of deps.findings.query({
      status: 'resolved',
      from: from.toISOString(),
      to: to.toISOString(),
    }))
      resolved.push(compact(f));
    const previous = await deps.history.latest(deps.trendWeeks ?? 8, week);
    return {
      week,
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: at.toISOString(),
      open,
      resolved,
      previous,
    };
  };
}

function compact(f: StoredFinding): ReportFinding {
  const { type, id, accountId, region } = f.resource;
  return {
    id: f.id,
    ruleId: f.ruleId,
    title: f.title,
    pillar: f.pillar,
    severity: f.severity,
    resource: { type, id, ...(accountId ? { accountId } : {}), ...(region ? { region } : {}) },
    firstSeenAt: f.firstSeenAt,
    ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}),
  };
}

export const createHandler = (deps: GatherReportDeps) => lambdaHandler(createTask(deps));
