import type { ReportPublished, WorkflowNotifier } from '../../ports/notifier';
import type { ReportStore } from '../../ports/report-store';
import { TaskInputError } from '../../shared/errors';
import { lambdaHandler } from '../../shared/middleware';
import type { BuiltReport } from '../build-report/handler';

export interface PublishReportDeps {
  reports: Pick<ReportStore, 'linkTo'>;
  notifier: Pick<WorkflowNotifier, 'reportPublished'>;
  /** Validity of the posted link (S3 presigned URLs: at most 7 days). */
  linkSeconds?: number;
}

/** Posts the headline numbers with a (presigned) link to the HTML report, to Slack and SNS. */
export function createTask(deps: PublishReportDeps) {
  return async (input: unknown): Promise<{ week: string; link: string; headline: string }> => {
    const report = input as BuiltReport;
    if (!report || typeof report.week !== 'string' || typeof report.htmlKey !== 'string') {
      throw new TaskInputError('PublishReport: input is not a built report');
    }
    const link = await deps.reports.linkTo(report.htmlKey, deps.linkSeconds ?? 7 * 86_400);
    const headline = headlineOf(report);
    const published: ReportPublished = {
      week: report.week,
      headline,
      link: link.url,
      ...(link.expiresAt ? { linkExpiresAt: link.expiresAt } : {}),
      ...(link.temporary ? { linkTemporary: true } : {}),
      ...(link.consoleUrl ? { consoleLink: link.consoleUrl } : {}),
      openBySeverity: report.openBySeverity,
    };
    await deps.notifier.reportPublished(published);
    return { week: report.week, link: link.url, headline };
  };
}

export function headlineOf(report: BuiltReport): string {
  const s = report.openBySeverity;
  const score = report.overallScore === null ? '' : `score ${report.overallScore}/100, `;
  return (
    `Week ${report.week}: ${score}${report.open} open findings ` +
    `(${s.critical ?? 0} critical, ${s.high ?? 0} high), ` +
    `${report.new} new, ${report.resolved} resolved this week`
  );
}

export const createHandler = (deps: PublishReportDeps) => lambdaHandler(createTask(deps));
