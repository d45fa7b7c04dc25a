import { type ReportModel, resolvedCount } from './model';

/** The Monday message: headline numbers and the link, for Slack (Block Kit) and SNS (plain text). */
export interface ReportAnnouncement {
  subject: string;
  text: string;
  blocks: unknown[];
}

export function announceReport(model: ReportModel, link: string): ReportAnnouncement {
  const f = model.findings;
  const scoreLine = model.pillars
    .map(
      (p) =>
        `${p.title}: ${p.score ?? 'n/a'}${p.change !== null && p.change !== 0 ? ` (${p.change > 0 ? '+' : ''}${p.change})` : ''}`,
    )
    .join(' | ');
  const counts = `${f.open} open findings (${f.bySeverity.critical} critical, ${f.bySeverity.high} high), ${f.new} new, ${resolvedCount(f)}`;
  const subject = `Well-Architected report ${model.week}: overall ${model.overallScore === null ? 'n/a' : `${model.overallScore}/100`}, ${f.open} open findings`;
  const text = [
    subject,
    '',
    scoreLine,
    counts,
    model.firstReport ? 'First report: trends start next week.' : '',
    '',
    `Report: ${link}`,
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
  return {
    subject: subject.slice(0, 100),
    text,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: `Well-Architected report ${model.week}`.slice(0, 150) },
      },
      {
        type: 'section',
        fields: model.pillars.map((p) => ({
          type: 'mrkdwn',
          text: `*${p.title}*\n${p.score ?? 'n/a'}${p.change !== null ? ` (${p.change >= 0 ? '+' : ''}${p.change})` : ''}`,
        })),
      },
      { type: 'section', text: { type: 'mrkdwn', text: counts } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open the report' },
            url: link,
            action_id: 'open-report',
          },
        ],
      },
    ],
  };
}
