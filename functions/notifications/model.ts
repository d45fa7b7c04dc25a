import type { Acknowledgement } from '../ports/findings-store';
import type { AccountInfo } from '../ports/inventory-source';
import type { ApprovalView, FindingNotification, NotificationKind } from '../ports/notifier';
import { PILLAR_TITLES } from '../rulebook/model/pillar';
import type { Severity } from '../rulebook/model/severity';
import { isOneOffFinding } from '../rulebook/one-off';
import { consoleUrl } from './console-link';

/**
 * One message model for every channel (Slack Block Kit, SNS text, terminal): what a person needs to
 * act on a finding. Pure: built from a notification and the account's directory entry.
 */
export interface FindingMessage {
  findingId: string;
  kind: NotificationKind;
  status: 'open' | 'resolved';
  severity: Severity;
  severityEmoji: string;
  severityLabel: string;
  pillar: string;
  ruleId: string;
  title: string;
  account?: { id: string; name?: string; organizationalUnit?: string };
  region?: string;
  resource: { type: string; id: string; label: string; arn?: string; url?: string };
  message: string;
  /** `key: value` lines, values compacted. */
  evidence: string[];
  rationale: string;
  recommendation: string;
  seed: string;
  references: string[];
  actor?: string;
  observedAt: string;
  resolvedAt?: string;
  /** A resolution: the id of the event whose evaluation passed. */
  resolvedBy?: string;
  /** A resolution by a person: who acknowledged the finding, when, why. */
  acknowledged?: Acknowledgement;
  /** Judged from one event (rulebook/one-off.ts): no later event closes it, a person acknowledges it. */
  oneOff?: true;
  /** A resolution for another reason than a passing check: why (the resource was deleted). */
  resolvedReason?: string;
  approval?: ApprovalView;
}

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':information_source:',
};

const EVIDENCE_VALUE_MAX = 200;
const EVIDENCE_LINES_MAX = 12;

/** Renders an evidence value compactly: scalars as is, short arrays inline, objects as JSON. */
export function compactValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.map(String).join(', ');
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[unserializable]';
  }
}

export function evidenceLines(evidence: Record<string, unknown> | undefined): string[] {
  if (!evidence) return [];
  const entries = Object.entries(evidence);
  const lines = entries.slice(0, EVIDENCE_LINES_MAX).map(([key, value]) => {
    const text = compactValue(value);
    return `${key}: ${text.length > EVIDENCE_VALUE_MAX ? `${text.slice(0, EVIDENCE_VALUE_MAX - 1)}…` : text}`;
  });
  if (entries.length > EVIDENCE_LINES_MAX) lines.push(`… and ${entries.length - EVIDENCE_LINES_MAX} more`);
  return lines;
}

export function buildFindingMessage(
  notification: FindingNotification,
  account?: AccountInfo,
): FindingMessage {
  const { finding } = notification;
  const resource = finding.resource;
  const accountId = resource.accountId ?? account?.accountId;
  const references = [
    ...(finding.references.securityHub ?? []).map((id) => `Security Hub ${id}`),
    ...(finding.references.configRules ?? []).map((id) => `Config ${id}`),
  ];
  const url = consoleUrl(resource);
  const approval =
    notification.approval ??
    (notification.approvalId && finding.remediation
      ? {
          approvalId: notification.approvalId,
          remediationId: finding.remediation,
          title: finding.remediation,
          destructive: false,
          plan: [],
          state: 'pending' as const,
        }
      : undefined);
  return {
    findingId: finding.id,
    kind: notification.kind,
    status: notification.kind === 'resolved' ? 'resolved' : finding.status,
    severity: finding.severity,
    severityEmoji: SEVERITY_EMOJI[finding.severity],
    severityLabel: finding.severity.toUpperCase(),
    pillar: PILLAR_TITLES[finding.pillar] ?? finding.pillar,
    ruleId: finding.ruleId,
    title: finding.title,
    ...(accountId
      ? {
          account: {
            id: accountId,
            ...(account?.name ? { name: account.name } : {}),
            ...(account?.organizationalUnit ? { organizationalUnit: account.organizationalUnit } : {}),
          },
        }
      : {}),
    ...(resource.region ? { region: resource.region } : {}),
    resource: {
      type: resource.type,
      id: resource.id,
      label:
        resource.name && resource.name !== resource.id ? `${resource.name} (${resource.id})` : resource.id,
      ...(resource.arn ? { arn: resource.arn } : {}),
      ...(url ? { url } : {}),
    },
    message: finding.message,
    evidence: evidenceLines(finding.evidence),
    rationale: finding.rationale,
    recommendation: finding.recommendation,
    seed: `seed ${finding.seed.seed}, ${finding.seed.section}`,
    references,
    ...(finding.actor
      ? {
          actor: [
            finding.actor.label,
            finding.actor.sourceIpAddress ? `from ${finding.actor.sourceIpAddress}` : undefined,
          ]
            .filter(Boolean)
            .join(' '),
        }
      : {}),
    observedAt: finding.observedAt,
    ...(finding.resolvedAt ? { resolvedAt: finding.resolvedAt } : {}),
    ...(notification.kind === 'resolved' && notification.resolvedBy
      ? { resolvedBy: notification.resolvedBy }
      : {}),
    ...(finding.status === 'resolved' && finding.acknowledged ? { acknowledged: finding.acknowledged } : {}),
    ...(isOneOffFinding(finding) ? { oneOff: true as const } : {}),
    ...(notification.kind === 'resolved' && finding.resolvedReason
      ? { resolvedReason: finding.resolvedReason.text }
      : {}),
    ...(approval ? { approval } : {}),
  };
}

export function accountLabel(account: FindingMessage['account']): string | undefined {
  if (!account) return undefined;
  const head = account.name ? `${account.name} (${account.id})` : account.id;
  return account.organizationalUnit ? `${head}, OU ${account.organizationalUnit}` : head;
}

/**
 * One line per other finding the fix covers (the same fix on the same resource, one approval for
 * all): `HIGH S3 buckets block public access (all four settings)`.
 */
export function coverLines(approval: ApprovalView): string[] {
  return (approval.covers ?? []).map((c) => `${c.severity.toUpperCase()} ${c.title}`);
}

/** One line per call: `S3.PutPublicAccessBlock {"Bucket":"x",...}`. */
export function planLines(approval: ApprovalView): string[] {
  return approval.plan.map((call) => `${call.service}.${call.operation} ${JSON.stringify(call.input)}`);
}

export const DECISION_TEXT: Record<ApprovalView['state'], string> = {
  pending: 'awaiting approval',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired (no decision in time)',
  remediated: 'fixed',
  'remediation-failed': 'fix failed',
  verified: 'fixed and verified',
  'verification-failed': 'fix applied, but verification failed',
  disabled: 'not run (remediation is turned off in this deployment)',
  unneeded:
    'not needed: the resource already has what this fix sets, so the finding needs another fix, by hand',
  cancelled: 'cancelled: the resource no longer exists, nothing was changed',
  'already-requested':
    'not asked again: the same fix on this resource already awaits a decision, nothing was changed',
};

/**
 * What resolved a finding, as every channel says it: the event whose evaluation passed, or the
 * reason it was resolved otherwise (the resource was deleted). The stored evidence is the last
 * failing one, shown as what no longer holds.
 */
export function resolutionText(message: FindingMessage): string {
  const when = message.resolvedAt ?? message.observedAt;
  const ack = message.acknowledged;
  if (ack) return `acknowledged by ${ack.by} at ${ack.at}${ack.reason ? `: ${ack.reason}` : ''}`;
  return `${message.resolvedBy ? `by event ${message.resolvedBy} ` : ''}at ${when}: ${message.resolvedReason ?? 'the check passes again'}`;
}

/** The thread reply that says what changed. */
export function changeSummary(message: FindingMessage): string {
  if (message.kind === 'resolved') return `Resolved ${resolutionText(message)}.`;
  const a = message.approval;
  if (a && a.state !== 'pending') {
    const who = a.decidedBy ? ` by ${a.decidedBy}` : '';
    const when = a.decidedAt ? ` at ${a.decidedAt}` : '';
    return `Remediation ${a.remediationId} ${DECISION_TEXT[a.state]}${who}${when}${a.outcome ? `: ${a.outcome}` : ''}.`;
  }
  if (a && a.state === 'pending') {
    const n = a.covers?.length ?? 0;
    const also = n ? ` It also fixes ${n} other finding${n === 1 ? '' : 's'} of this resource.` : '';
    return `A fix is proposed: ${a.title}.${also} Approve or reject it above.`;
  }
  if (message.kind === 'opened') return `Reopened: ${message.message}`;
  return `Changed (${message.severityLabel}): ${message.message}`;
}
