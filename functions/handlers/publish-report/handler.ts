import type { ReportPublished, WorkflowNotifier } from '../../ports/notifier';
import type { ReportStore } from '../../ports/report-store';
import type { ScoreHistory } from '../../ports/score-history';
import { PILLAR_TITLES, type Pillar } from '../../rulebook/model/pillar';
import { TaskInputError } from '../../shared/errors';
import { lambdaHandler } from '../../shared/middleware';
import type { BuiltReport } from '../build-report/handler';

export interface PublishReportDeps {
  reports: ReportStore;
  history: ScoreHistory;
  notifier: Pick<WorkflowNotifier, 'reportPublished'>;
  /** Validity of the posted link (S3 presigned URLs: at most 7 days). */
  linkSeconds?: number;
}

/**
 * Writes `reports/<week>/report.json` and `summary.md` through the report store, stores the week's
 * snapshot (the next report's trend) and posts the headline numbers with a link.
 */
export function createTask(deps: PublishReportDeps) {
  return async (
    input: unknown,
  ): Promise<{ week: string; keys: string[]; link: string; headline: string }> => {
    const report = input as BuiltReport;
    if (!report || typeof report.week !== 'string' || !Array.isArray(report.scores)) {
      throw new TaskInputError('PublishReport: input is not a built report');
    }
    const prefix = `reports/${report.week}`;
    const markdown = renderMarkdown(report);
    const keys = [`${prefix}/report.json`, `${prefix}/summary.md`];
    await deps.reports.put([
      {
        key: keys[0] as string,
        body: `${JSON.stringify(report, null, 2)}\n`,
        contentType: 'application/json',
      },
      { key: keys[1] as string, body: markdown, contentType: 'text/markdown; charset=utf-8' },
    ]);
    await deps.history.put({
      week: report.week,
      takenAt: report.generatedAt,
      scores: report.scores,
      openBySeverity: report.openBySeverity,
    });
    const link = await deps.reports.linkTo(keys[1] as string, deps.linkSeconds ?? 7 * 86_400);
    const headline = headlineOf(report);
    const published: ReportPublished = {
      week: report.week,
      headline,
      link,
      openBySeverity: report.openBySeverity,
    };
    await deps.notifier.reportPublished(published);
    return { week: report.week, keys, link, headline };
  };
}

export function headlineOf(report: BuiltReport): string {
  const s = report.openBySeverity;
  return (
    `Week ${report.week}: ${report.totals.open} open findings ` +
    `(${s.critical ?? 0} critical, ${s.high ?? 0} high), ` +
    `${report.totals.newThisWeek} new, ${report.totals.resolvedThisWeek} resolved this week`
  );
}

export function renderMarkdown(report: BuiltReport): string {
  const lines = [
    `# Well-Architected compliance report, ${report.week}`,
    '',
    headlineOf(report),
    '',
    '| Pillar | Score | Open findings | Fixed this week |',
    '| --- | --- | --- | --- |',
  ];
  for (const score of report.scores) {
    lines.push(
      `| ${PILLAR_TITLES[score.pillar as Pillar] ?? score.pillar} | ${score.score === null ? 'n/a' : `${score.score}%`} | ${score.failed} | ${score.passed} |`,
    );
  }
  if (report.top.length) {
    lines.push(
      '',
      '## Most severe open findings',
      '',
      '| Severity | Rule | Resource | Account |',
      '| --- | --- | --- | --- |',
    );
    for (const f of report.top) {
      lines.push(
        `| ${f.severity} | ${f.title} | ${f.resource.type} ${f.resource.id} | ${f.resource.accountId ?? ''} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export const createHandler = (deps: PublishReportDeps) => lambdaHandler(createTask(deps));
