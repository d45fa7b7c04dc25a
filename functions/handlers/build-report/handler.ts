import type { ReportStore } from '../../ports/report-store';
import type { ScoreHistory } from '../../ports/score-history';
import type { ReportModel } from '../../report/model';
import { renderReportFiles } from '../../report/render';
import { TaskInputError } from '../../shared/errors';
import { lambdaHandler } from '../../shared/middleware';

export interface BuildReportDeps {
  reports: ReportStore;
  history: ScoreHistory;
}

export interface BuiltReport {
  week: string;
  keys: string[];
  htmlKey: string;
  overallScore: number | null;
  openBySeverity: Record<string, number>;
  open: number;
  new: number;
  resolved: number;
}

/**
 * Renders the model into `reports/YYYY/Www/{index.html,report.md,report.json}` in the report store,
 * and keeps the week's scores as the snapshot the next reports draw their trends from.
 */
export function createTask(deps: BuildReportDeps) {
  return async (input: unknown): Promise<BuiltReport> => {
    const model = input as ReportModel;
    if (!model || typeof model.week !== 'string' || !Array.isArray(model.pillars)) {
      throw new TaskInputError('BuildReport: input is not a report model');
    }
    const files = renderReportFiles(model);
    await deps.reports.put(files);
    await deps.history.put({
      week: model.week,
      takenAt: model.generatedAt,
      scores: model.pillars.map((p) => ({
        pillar: p.pillar,
        score: p.score,
        passed: p.passed,
        failed: p.failed,
        unknown: p.unknown,
        notApplicable: 0,
      })),
      openBySeverity: model.findings.bySeverity,
    });
    return {
      week: model.week,
      keys: files.map((f) => f.key),
      htmlKey: files[0]!.key,
      overallScore: model.overallScore,
      openBySeverity: model.findings.bySeverity,
      open: model.findings.open,
      new: model.findings.new,
      resolved: model.findings.resolved,
    };
  };
}

export const createHandler = (deps: BuildReportDeps) => lambdaHandler(createTask(deps));
