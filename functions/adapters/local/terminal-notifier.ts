import { notificationKey } from '../../notifications/keys';
import { renderNotificationForTerminal } from '../../notifications/terminal';
import { pendingApprovalText } from '../../notifications/workflow';
import type { StoredFinding } from '../../ports/findings-store';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';

export interface Output {
  write(text: string): unknown;
}

const ICON: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };

/**
 * Renders what Slack would show, in the terminal: each finding as the same message model as the
 * Slack card (`renderNotificationForTerminal`), approvals and outcomes as short lines. Idempotent per
 * notification key (finding, fingerprint, kind, transition) like the real notifiers: like a Slack
 * thread, it remembers the last key it printed per finding, so memory grows with findings, not with
 * notifications (a finding that opens and resolves every round prints every time).
 */
export class TerminalNotifier implements WorkflowNotifier {
  /** Finding id -> key of the last notification printed about it. */
  private readonly last = new Map<string, string>();
  constructor(
    private readonly out: Output = process.stdout,
    private readonly options: { colors?: boolean } = {},
  ) {}

  async notify(notifications: readonly FindingNotification[]): Promise<void> {
    for (const n of notifications) {
      const key = notificationKey(n);
      if (this.last.get(n.finding.id) === key) continue;
      this.last.set(n.finding.id, key);
      this.out.write(
        `${renderNotificationForTerminal(n, n.account, { enabled: this.options.colors ?? false })}\n`,
      );
    }
  }

  async requestApproval(request: ApprovalRequest): Promise<void> {
    const lines = [
      `🛠  Approval needed [${request.approvalId}]: ${request.plan.summary}`,
      `   finding: ${request.finding.title} (${request.finding.resource.id})`,
      // One request for every finding the fix covers on the resource: nobody is asked twice.
      ...(request.covers ?? []).map((f) => `   also fixes: ${f.title} (${f.resource.id})`),
      `   expires: ${request.expiresAt}`,
      '   planned calls (dry run):',
      ...request.plan.calls.map(
        (c) => `     - ${c.service}.${c.operation} ${JSON.stringify(c.input)} [${c.iamAction}]`,
      ),
    ];
    this.out.write(`${lines.join('\n')}\n`);
  }

  async notifyOutcome(outcome: RemediationOutcome): Promise<void> {
    const text: Record<string, string> = {
      remediated: '✅ Remediated',
      'remediation-failed': '❌ Remediation failed',
      rejected: '🚫 Remediation rejected',
      expired: '⌛ Approval expired: nothing was changed',
      disabled: 'ℹ️  Not remediated (remediation is turned off in this deployment)',
      unneeded:
        'ℹ️  No fix to run: the resource already has what the fix sets (no approval asked; the finding needs a fix by hand)',
      cancelled: '🗑  Remediation cancelled, the resource was deleted: nothing was changed',
      'already-requested':
        '⏳ Not asked again: the same fix on this resource already awaits a decision (nothing was changed)',
    };
    const extra = outcome.verification
      ? ` (verification: ${outcome.verification.status}: ${outcome.verification.message})`
      : outcome.pendingApproval
        ? ` (${pendingApprovalText(outcome.pendingApproval)})`
        : outcome.error
          ? ` (${outcome.error.Error})`
          : '';
    const status =
      outcome.status === 'remediated' && outcome.verification?.status === 'dry-run'
        ? '🧪 Approved, dry run only (nothing was changed)'
        : text[outcome.status];
    this.out.write(`${status}: ${outcome.finding.title} on ${outcome.finding.resource.id}${extra}\n`);
  }

  async reportPublished(report: ReportPublished): Promise<void> {
    this.out.write(`📊 ${report.headline}\n   report: ${report.link}\n`);
  }
}

export function renderFinding(n: FindingNotification): string {
  const f: StoredFinding = n.finding;
  const r = f.resource;
  if (n.kind === 'resolved') {
    return `✅ Resolved: ${f.title} — ${r.type} ${r.name ?? r.id} (${r.accountId ?? 'n/a'}/${r.region ?? 'n/a'})`;
  }
  const head = `${ICON[f.severity] ?? '•'} ${f.severity.toUpperCase()} · ${f.pillar} · ${f.title}${n.kind === 'changed' ? ' (changed)' : ''}`;
  const lines = [
    head,
    `   ${r.type} ${r.name ?? r.id} · account ${accountLabel(n)} · ${r.region ?? 'n/a'}`,
    `   ${f.message}`,
    ...(f.actor
      ? [`   by ${f.actor.label}${f.actor.sourceIpAddress ? ` from ${f.actor.sourceIpAddress}` : ''}`]
      : []),
    `   fix: ${f.recommendation}`,
    `   rule: ${f.ruleId} · seed ${f.seed.seed} §${f.seed.section}${f.remediation ? ` · remediation: ${f.remediation}` : ''}`,
  ];
  return lines.join('\n');
}

function accountLabel(n: FindingNotification): string {
  const id = n.finding.resource.accountId ?? 'n/a';
  if (!n.account?.name) return id;
  return `${n.account.name} (${id}${n.account.organizationalUnit ? `, OU ${n.account.organizationalUnit}` : ''})`;
}
