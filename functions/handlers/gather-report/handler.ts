import type { AuditLog } from '../../ports/audit-log';
import type { CostSource } from '../../ports/cost-source';
import type { FindingsStore } from '../../ports/findings-store';
import type { AccountDirectory } from '../../ports/inventory-source';
import type { ScoreHistory } from '../../ports/score-history';
import type { SuppressionStore } from '../../ports/suppression-store';
import { buildReport } from '../../report/build';
import { gatherReportInput } from '../../report/gather';
import { isoWeekOf, parseIsoWeek } from '../../report/iso-week';
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
  z.looseObject({ week: z.optional(z.string().check(z.regex(/^\d{4}-W\d{2}$/))) }),
  z.null(),
]);

/**
 * Gathers the week (findings by query, never a scan; score history; Organizations; Cost Explorer;
 * suppressions; audit) and builds the report model. Sections whose source fails are marked
 * unavailable with the reason, and the report goes on. The model is bounded in size (top risks,
 * one row per rule), so it fits the state payload; the 100k findings never leave this function.
 */
export function createTask(deps: GatherReportDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<ReportModel> => {
    const parsed = parseInput(input, event ?? null, 'GatherReport') as { week?: string } | null;
    const at = now();
    const week = parsed?.week ? parseIsoWeek(parsed.week) : isoWeekOf(at);
    return buildReport(await gatherReportInput(deps, week, at));
  };
}

export const createHandler = (deps: GatherReportDeps) => lambdaHandler(createTask(deps));
