import type { AuditLog } from '../../ports/audit-log';
import type { CostSource } from '../../ports/cost-source';
import type { FindingsStore } from '../../ports/findings-store';
import type { AccountDirectory } from '../../ports/inventory-source';
import type { ScoreHistory } from '../../ports/score-history';
import type { SuppressionStore } from '../../ports/suppression-store';
import { buildReport } from '../../report/build';
import { gatherReportInput } from '../../report/gather';
import { type IsoWeek, isoWeekOf, parseIsoWeek } from '../../report/iso-week';
import type { ReportModel } from '../../report/model';
import { lambdaHandler } from '../../shared/middleware';
import { parseInput } from '../../shared/schemas';
import * as z from '../../shared/zod';

export interface GatherReportDeps {
  findings: FindingsStore;
  history: ScoreHistory;
  accounts?: AccountDirectory;
  suppressions?: SuppressionStore;
  audit?: AuditLog;
  cost?: CostSource;
  now?: () => Date;
}

const input = z.union([
  z.looseObject({
    week: z.optional(z.string().check(z.regex(/^\d{4}-W\d{2}$/))),
    /** What the weekly schedule sends (`<aws.scheduler.scheduled-time>`), e.g. 2026-11-23T08:00:00Z. */
    scheduledTime: z.optional(z.iso.datetime({ offset: true })),
  }),
  z.null(),
]);

const DAY_MS = 86_400_000;

/**
 * The week a run reports: the one asked for; for a scheduled run, the ISO week of the day before
 * the scheduled time (the default Monday 08:00 run reports the week that just ended, not the eight
 * hours of the new one; a Friday afternoon run reports its own week); else the current week.
 */
export function reportWeek(request: { week?: string; scheduledTime?: string } | null, at: Date): IsoWeek {
  if (request?.week) return parseIsoWeek(request.week);
  if (request?.scheduledTime) return isoWeekOf(new Date(Date.parse(request.scheduledTime) - DAY_MS));
  return isoWeekOf(at);
}

/**
 * Gathers the week (findings by query, never a scan; score history; Organizations; Cost Explorer;
 * suppressions; audit) and builds the report model. Sections whose source fails are marked
 * unavailable with the reason, and the report goes on. The model is bounded in size (top risks,
 * one row per rule), so it fits the state payload; the 100k findings never leave this function.
 */
export function createTask(deps: GatherReportDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<ReportModel> => {
    const parsed = parseInput(input, event ?? null, 'GatherReport') as {
      week?: string;
      scheduledTime?: string;
    } | null;
    const at = now();
    const week = reportWeek(parsed, at);
    return buildReport(await gatherReportInput(deps, week, at));
  };
}

export const createHandler = (deps: GatherReportDeps) => lambdaHandler(createTask(deps));
