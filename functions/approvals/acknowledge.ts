import type { AuditLog } from '../ports/audit-log';
import type { Acknowledgement, FindingsStore, StoredFinding } from '../ports/findings-store';
import { isOneOffFinding } from '../rulebook/one-off';

/**
 * A person closes a one-off finding (rulebook/one-off.ts: a root sign-in, a StopLogging call, a
 * cost anomaly), which no later event resolves: the finding is resolved with who, when and why, in
 * one conditional write (the store resolves only an open finding, so two clicks close it once), and
 * the audit trail records it. A later event of the same kind opens it again; a copy of an event it
 * covers (a redelivery, a replay) does not (finding-transitions.ts `keptAcknowledged`). Used by
 * the Slack endpoint (Acknowledge button) and the CLI (`compliance-bot acknowledge`).
 */
export interface AcknowledgeDeps {
  findings: Pick<FindingsStore, 'get' | 'acknowledge'>;
  audit: AuditLog;
  now: () => Date;
}

export interface Acknowledger {
  /** The person's name (Slack user name, `--by`). */
  name: string;
  slackUserId?: string;
  /** The audit actor: `slack:<id> (<name>)`, `local:<name>`. */
  actor: string;
}

export type AcknowledgeResult =
  | { kind: 'acknowledged'; finding: StoredFinding }
  /** Acknowledged before (`finding.acknowledged` says by whom): nothing changed. */
  | { kind: 'already-acknowledged'; finding: StoredFinding }
  /** Resolved by an event (its check passed), not by a person: nothing changed. */
  | { kind: 'already-resolved'; finding: StoredFinding }
  /** A state finding: it closes when its check passes, or is accepted with a suppression. */
  | { kind: 'not-one-off'; finding: StoredFinding }
  | { kind: 'unknown-finding' };

/** Whether `finding` may be acknowledged, or why not (no write). */
export function acknowledgeable(finding: StoredFinding | undefined): AcknowledgeResult | undefined {
  if (!finding) return { kind: 'unknown-finding' };
  if (!isOneOffFinding(finding)) return { kind: 'not-one-off', finding };
  if (finding.status === 'resolved') return closedBefore(finding);
  return undefined;
}

/** Acknowledges an open one-off finding, once. `finding`: already read by the caller (authorization). */
export async function acknowledgeFinding(
  deps: AcknowledgeDeps,
  finding: StoredFinding,
  who: Acknowledger,
  reason?: string,
): Promise<AcknowledgeResult> {
  const refused = acknowledgeable(finding);
  if (refused) return refused;
  const now = deps.now();
  const acknowledged: Acknowledgement = {
    by: who.name,
    ...(who.slackUserId ? { slackUserId: who.slackUserId } : {}),
    at: now.toISOString(),
    ...(reason?.trim() ? { reason: reason.trim() } : {}),
  };
  const resolved = await deps.findings.acknowledge(finding.id, acknowledged, now);
  if (!resolved) {
    // Closed meanwhile (another click, an event that passed it): say how, change nothing.
    const current = await deps.findings.get(finding.id);
    return current ? closedBefore(current) : { kind: 'unknown-finding' };
  }
  const accountId = finding.resource.accountId;
  await deps.audit.append({
    at: acknowledged.at,
    actor: who.actor,
    action: 'acknowledged',
    findingId: finding.id,
    outcome: acknowledgementSummary(acknowledged),
    ...(accountId ? { accountId } : {}),
  });
  return { kind: 'acknowledged', finding: resolved };
}

/** `acknowledged by <@U…>[: reason]` (Slack) or `acknowledged by alice[: reason]`: the audit outcome. */
export function acknowledgementSummary(ack: Acknowledgement): string {
  const who = ack.slackUserId ? `<@${ack.slackUserId}>` : ack.by;
  return `acknowledged by ${who}${ack.reason ? `: ${ack.reason}` : ''}`;
}

function closedBefore(finding: StoredFinding): AcknowledgeResult {
  return finding.acknowledged && finding.status === 'resolved'
    ? { kind: 'already-acknowledged', finding }
    : { kind: 'already-resolved', finding };
}
