import pc from 'picocolors';
import type { AccountInfo } from '../ports/inventory-source';
import type { FindingNotification } from '../ports/notifier';
import type { Severity } from '../rulebook/model/severity';
import type { FindingMessage } from './model';
import {
  accountLabel,
  buildFindingMessage,
  coverLines,
  DECISION_TEXT,
  planLines,
  resolutionText,
} from './model';

/**
 * The same message model as Slack, as plain text for the terminal (local runtime, CLI). Colors come
 * from picocolors, which honours NO_COLOR / FORCE_COLOR and non-TTY output.
 */
const SEVERITY_COLOR: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.bgRed(pc.white(s))),
  high: (s) => pc.bold(pc.red(s)),
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
};

export function renderFindingForTerminal(
  message: FindingMessage,
  colors: { enabled?: boolean } = {},
): string {
  const c = colors.enabled === false ? pc.createColors(false) : pc;
  const paint =
    colors.enabled === false
      ? (_s: Severity, t: string) => t
      : (s: Severity, t: string) => SEVERITY_COLOR[s](t);
  const resolved = message.status === 'resolved';
  const badge = resolved ? c.green('RESOLVED') : paint(message.severity, ` ${message.severityLabel} `);
  const lines = [`${badge} ${c.bold(message.title)}  ${c.dim(`[${message.pillar}]`)}`];
  const account = accountLabel(message.account);
  if (account) lines.push(`  account   ${account}${message.region ? `  region ${message.region}` : ''}`);
  else if (message.region) lines.push(`  region    ${message.region}`);
  lines.push(`  resource  ${message.resource.type} ${message.resource.label}`);
  if (message.resource.url) lines.push(`            ${c.underline(message.resource.url)}`);
  if (message.actor) lines.push(`  caused by ${message.actor}`);
  if (resolved) lines.push(`  resolved  ${resolutionText(message)}`);
  lines.push(`  ${resolved ? 'was      ' : 'found    '} ${message.message}`);
  for (const line of message.evidence) lines.push(c.dim(`            ${line}`));
  if (!resolved) {
    lines.push(`  why       ${message.rationale}`);
    lines.push(`  fix       ${message.recommendation}`);
  }
  const approval = message.approval;
  if (approval && !resolved) {
    lines.push(`  proposed  ${approval.title}${approval.destructive ? c.red(' (destructive)') : ''}`);
    if (approval.irreversibleNote) lines.push(c.red(`            ${approval.irreversibleNote}`));
    for (const call of planLines(approval)) lines.push(c.dim(`            ${call}`));
    for (const [i, covered] of coverLines(approval).entries())
      lines.push(`  ${i === 0 ? 'fixes too ' : '          '}${covered}`);
    const who = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
    lines.push(
      `  status    ${DECISION_TEXT[approval.state]}${who}${approval.outcome ? `: ${approval.outcome}` : ''}`,
    );
  }
  lines.push(c.dim(`  ${message.ruleId} · ${message.seed} · ${message.findingId}`));
  return lines.join('\n');
}

/** One call for the local runtime: a notification (as the Notifier port receives it) as terminal text. */
export function renderNotificationForTerminal(
  notification: FindingNotification,
  account?: AccountInfo,
  colors: { enabled?: boolean } = {},
): string {
  return renderFindingForTerminal(buildFindingMessage(notification, account), colors);
}
