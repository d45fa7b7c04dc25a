import { escapeMrkdwn as esc } from '../notifications/text';
import { planCalls } from '../notifications/workflow';
import type { Approval, ApprovalDecision, ApprovalStore, DecisionStamp } from '../ports/approval-store';
import type { AuditLog } from '../ports/audit-log';
import type { FindingsStore, StoredFinding } from '../ports/findings-store';
import type { ApprovalView, Notifier } from '../ports/notifier';
import type { SuppressionStore } from '../ports/suppression-store';
import { type TaskCallbacks, TaskExpiredError } from '../ports/task-callbacks';
import { getRemediation } from '../rulebook/remediations/index';
import { type Suppression, suppressionSchema } from '../rulebook/suppressions';
import { REMEDIATION_REJECTED } from '../shared/errors';
import { logger } from '../shared/logger';
import { acknowledgeClick } from './acknowledge-click';
import { type ApproverConfig, mayApprove } from './approvers';
import { CANCELLED_BY, cancelApproval, cancellationCause, resourceDeleted } from './cancel';
import { otherCardApproval } from './card-owner';
import { type Interaction, parseInteraction, SlackPayloadError } from './payload';
import { type SlackRequest, SlackRequestVerificationError, verifySlackRequest } from './verify';

/** What the approval endpoint needs from Slack: a private reply, and the finding's card updated. */
export interface InteractionSlack {
  /** Ephemeral reply to the clicking user (response_url, or chat.postEphemeral). */
  tellUser(interaction: Interaction, text: string): Promise<void>;
  /** Re-renders the finding's message with the decision (no buttons any more). */
  showApproval(finding: StoredFinding, approval: ApprovalView): Promise<void>;
}

export interface InteractionDeps {
  approvals: ApprovalStore;
  /**
   * `acknowledge` closes a one-off finding (approvals/acknowledge.ts); `markNotified` marks its
   * RESOLVED notice delivered once `notifier` delivered it.
   */
  findings: Pick<FindingsStore, 'get' | 'acknowledge' | 'markNotified'>;
  /**
   * Where an acknowledged finding's RESOLVED notice goes: every channel Notify posts a resolution
   * to (deployed: SNS with its message attributes, and the Slack card and thread, each on its own
   * with delivery records: `workflowNotifier`). None: the acknowledgement is only told to the user.
   */
  notifier?: Pick<Notifier, 'notify'>;
  suppressions: SuppressionStore;
  audit: AuditLog;
  callbacks: TaskCallbacks;
  slack: InteractionSlack;
  approvers: ApproverConfig;
  now: () => Date;
  /**
   * How the audit trail names who decided. Default `slack:<user id> (<name>)`; the local runtime
   * names its automatic decisions (`local:--approve none`), which no person made.
   */
  actorOf?: (user: { id: string; name: string }) => string;
}

/** The audit actor of a Slack user: `slack:<user id> (<name>)`. */
export function slackActor(user: { id: string; name: string }): string {
  return `slack:${user.id} (${user.name})`;
}

export type OutcomeKind =
  | 'approved'
  | 'rejected'
  | 'snoozed'
  | 'not-allowed'
  | 'already-decided'
  | 'expired'
  /** The finding's resource was deleted: the request is withdrawn, nothing was changed. */
  | 'cancelled'
  | 'unknown-approval'
  | 'acknowledged'
  /** Acknowledged or resolved before: nothing changed. */
  | 'already-acknowledged'
  /** A state finding: it closes when its check passes. */
  | 'not-acknowledgeable'
  | 'unknown-finding';

export interface InteractionOutcome {
  kind: OutcomeKind;
  /** What the user was told. */
  message: string;
}

export interface Ack {
  statusCode: 200 | 400 | 401;
  body: string;
  /** Present on 200: the verified, parsed click to `process` (in this invocation or an async one). */
  interaction?: Interaction;
}

/**
 * Phase 1, fast (no I/O): verify the signature and timestamp, parse the payload. The Lambda returns
 * this to Slack within its 3-second window; a 401/400 body never says more than "rejected".
 */
export function acknowledge(request: SlackRequest, signingSecret: string, now: Date): Ack {
  let body: string;
  try {
    body = verifySlackRequest({ ...request, signingSecret, now });
  } catch (error) {
    if (error instanceof SlackRequestVerificationError) return { statusCode: 401, body: 'invalid request' };
    throw error;
  }
  try {
    return { statusCode: 200, body: '', interaction: parseInteraction(body) };
  } catch (error) {
    if (error instanceof SlackPayloadError) return { statusCode: 400, body: 'unsupported payload' };
    throw error;
  }
}

/** Both phases: the ack to return now and the follow-up to finish (await it before the Lambda returns). */
export function handleInteraction(
  deps: InteractionDeps,
  request: SlackRequest,
  signingSecret: string,
): { ack: Ack; followUp?: Promise<InteractionOutcome> } {
  const ack = acknowledge(request, signingSecret, deps.now());
  return ack.interaction ? { ack, followUp: processInteraction(deps, ack.interaction) } : { ack };
}

const DECISION: Record<'approve' | 'reject', ApprovalDecision> = { approve: 'approved', reject: 'rejected' };

/**
 * Phase 2: authorize, decide exactly once (conditional write), complete the workflow task, update the
 * card, audit. Snooze writes a suppression. Every branch tells the user what happened. A decision the
 * workflow could not be told of is taken back (the user is asked to click again) and the error
 * rethrown; one for a workflow that stopped waiting is stored and audited as `expired`.
 */
export async function processInteraction(
  deps: InteractionDeps,
  interaction: Interaction,
): Promise<InteractionOutcome> {
  const { action, user } = interaction;
  const reply = async (kind: OutcomeKind, message: string): Promise<InteractionOutcome> => {
    await deps.slack.tellUser(interaction, message);
    return { kind, message };
  };
  if (action.kind === 'acknowledge') {
    const { kind, message, undelivered } = await acknowledgeClick(
      deps,
      interaction,
      action.findingId,
      (deps.actorOf ?? slackActor)(user),
    );
    const outcome = await reply(kind, message);
    // Recorded, told, but its notice is missing somewhere: fail the invocation (the endpoint's error
    // alarm), as for a decision that did not reach the workflow.
    if (undelivered) throw undelivered;
    return outcome;
  }
  const approval = await deps.approvals.get(action.approvalId);
  if (!approval)
    return reply('unknown-approval', 'This request is unknown or has expired. Nothing was changed.');
  if (!mayApprove(deps.approvers, user.id, approval.severity, approval.accountId)) {
    return reply(
      'not-allowed',
      `You are not allowed to decide ${esc(approval.severity)} fixes${approval.accountId ? ` in account ${esc(approval.accountId)}` : ''}. Nothing was changed.`,
    );
  }
  const finding = await deps.findings.get(approval.findingId);
  const now = deps.now();

  if (action.kind === 'snooze') return snooze(deps, interaction, approval, finding, action.days, now, reply);

  if (approval.decision) return reply('already-decided', alreadyDecided(approval));
  if (resourceDeleted(finding)) {
    // Nobody may approve a fix for a resource that no longer exists (Record withdraws the latest
    // request when it records the deletion; this catches any other, and a click that raced it).
    const cause = cancellationCause(finding);
    if (await cancelApproval(deps, approval, finding, now))
      await showOnCard(
        deps,
        finding,
        approvalView(approval, {
          state: 'cancelled',
          decidedBy: CANCELLED_BY,
          decidedAt: now.toISOString(),
          outcome: cause,
        }),
      );
    return reply('cancelled', `This request is withdrawn: ${esc(cause)}`);
  }
  if (Date.parse(approval.expiresAt) <= now.getTime()) {
    await expire(deps, approval, finding, now);
    return reply('expired', `This request expired at ${esc(approval.expiresAt)}. Nothing was changed.`);
  }
  const decision = DECISION[action.kind];
  const decided = await deps.approvals.decide(approval.approvalId, decision, user.name, now);
  if (!decided) {
    const current = await deps.approvals.get(approval.approvalId);
    return reply('already-decided', current ? alreadyDecided(current) : 'This request was already decided.');
  }
  const stamp: DecisionStamp = { decision, decidedBy: user.name, decidedAt: now.toISOString() };
  const delivery = await tellWorkflow(deps, approval.approvalId, stamp, () =>
    decision === 'approved'
      ? // The remediation workflow's IsApproved reads `decision` (approvalResultSchema); the rest is for people.
        deps.callbacks.succeed(approval.taskToken, {
          decision: 'approved',
          approvalId: approval.approvalId,
          decidedBy: user.name,
          decidedAt: now.toISOString(),
          approved: true,
          by: user.name,
          byUserId: user.id,
          at: now.toISOString(),
        })
      : deps.callbacks.fail(
          approval.taskToken,
          REMEDIATION_REJECTED,
          `Rejected by ${user.name} at ${now.toISOString()}`,
        ),
  );
  if (delivery.kind === 'expired') {
    await expire(deps, approval, finding, now, stamp);
    return reply('expired', 'This request expired: the workflow stopped waiting. Nothing was changed.');
  }
  if (delivery.kind === 'failed') {
    const what = decision === 'approved' ? 'approval' : 'rejection';
    const button = decision === 'approved' ? 'Approve' : 'Reject';
    await deps.slack.tellUser(
      interaction,
      delivery.undone
        ? `Your ${what} did not go through: the workflow could not be reached (${esc(errorName(delivery.error))}). Nothing was changed; please click ${button} again.`
        : `Your ${what} was recorded but did not reach the workflow (${esc(errorName(delivery.error))}), and it could not be taken back. The request stays open until it expires at ${esc(approval.expiresAt)}.`,
    );
    throw delivery.error;
  }
  await deps.audit.append({
    at: now.toISOString(),
    actor: (deps.actorOf ?? slackActor)(user),
    action: decision === 'approved' ? 'approved' : 'rejected',
    findingId: approval.findingId,
    ...coveredIds(approval),
    approvalId: approval.approvalId,
    remediationId: approval.remediationId,
    plan: approval.plan,
    ...(approval.accountId ? { accountId: approval.accountId } : {}),
  });
  await showOnCard(
    deps,
    finding,
    approvalView(approval, { state: decision, decidedBy: user.name, decidedAt: now.toISOString() }),
  );
  return reply(
    decision,
    decision === 'approved'
      ? 'Approved. The fix runs now; the outcome is posted in the thread.'
      : 'Rejected. Nothing will be changed.',
  );
}

async function snooze(
  deps: InteractionDeps,
  interaction: Interaction,
  approval: Approval,
  finding: StoredFinding | undefined,
  days: number,
  now: Date,
  reply: (kind: OutcomeKind, message: string) => Promise<InteractionOutcome>,
): Promise<InteractionOutcome> {
  if (!finding) return reply('unknown-approval', 'The finding is no longer known. Nothing was changed.');
  const until = new Date(now.getTime() + days * 86_400_000).toISOString();
  const accountId = finding.resource.accountId;
  // The card asks about every finding the fix covers (the same resource): all of them are snoozed.
  const ruleIds = new Set([finding.ruleId]);
  for (const c of approval.covers ?? []) ruleIds.add(c.ruleId);
  for (const ruleId of ruleIds) {
    const suppression: Suppression = suppressionSchema.parse({
      ruleId,
      resource: finding.resource.arn ?? finding.resource.id,
      ...(accountId && /^\d{12}$/.test(accountId) ? { accountId } : {}),
      reason: `Snoozed for ${days} days from Slack by ${interaction.user.name}`,
      owner: `slack:${interaction.user.id}`,
      expires: until,
    });
    await deps.suppressions.put(suppression);
  }
  await deps.audit.append({
    at: now.toISOString(),
    actor: (deps.actorOf ?? slackActor)(interaction.user),
    action: 'snoozed',
    findingId: finding.id,
    ...coveredIds(approval),
    approvalId: approval.approvalId,
    remediationId: approval.remediationId,
    outcome: `suppressed until ${until}`,
    ...(accountId ? { accountId } : {}),
  });
  // A snoozed finding is not fixed now: end a pending approval as rejected, once.
  if (!approval.decision && Date.parse(approval.expiresAt) > now.getTime()) {
    const decided = await deps.approvals.decide(approval.approvalId, 'rejected', interaction.user.name, now);
    if (decided) {
      const stamp: DecisionStamp = {
        decision: 'rejected',
        decidedBy: interaction.user.name,
        decidedAt: now.toISOString(),
      };
      const delivery = await tellWorkflow(deps, approval.approvalId, stamp, () =>
        deps.callbacks.fail(
          approval.taskToken,
          REMEDIATION_REJECTED,
          `Snoozed for ${days} days by ${interaction.user.name}`,
        ),
      );
      if (delivery.kind === 'failed') {
        await deps.slack.tellUser(
          interaction,
          `Snoozed for ${days} days (until ${until}), but the pending fix request could not be closed (${esc(errorName(delivery.error))}). ${
            delivery.undone
              ? 'It is still open: click Reject to close it.'
              : `It stays open until it expires at ${esc(approval.expiresAt)}.`
          }`,
        );
        throw delivery.error;
      }
      if (delivery.kind === 'expired') await expire(deps, approval, finding, now, stamp);
      else
        await showOnCard(
          deps,
          finding,
          approvalView(approval, {
            state: 'rejected',
            decidedBy: interaction.user.name,
            decidedAt: now.toISOString(),
            outcome: `snoozed until ${until}`,
          }),
        );
    }
  }
  const what = ruleIds.size > 1 ? `The ${ruleIds.size} findings this fix covers show` : 'The finding shows';
  return reply('snoozed', `Snoozed for ${days} days (until ${until}). ${what} again after that.`);
}

type Delivery =
  | { kind: 'delivered' }
  | { kind: 'expired' }
  | { kind: 'failed'; error: unknown; undone: boolean };

/**
 * Completes the waiting task for a decision already stored as `decided`. The workflow stopped waiting
 * (TaskExpiredError: TaskTimedOut, TaskDoesNotExist, InvalidToken) → `expired`. Any other failure
 * (throttled past the SDK's retries, a network error) means the workflow was not told: the decision
 * is taken back (only while it is still `decided`) so the approver can click again → `failed`.
 */
async function tellWorkflow(
  deps: InteractionDeps,
  approvalId: string,
  decided: DecisionStamp,
  send: () => Promise<void>,
): Promise<Delivery> {
  try {
    await send();
    return { kind: 'delivered' };
  } catch (error) {
    if (error instanceof TaskExpiredError) return { kind: 'expired' };
    logger.error('the decision did not reach the workflow; taking it back', {
      approvalId,
      decision: decided.decision,
      errorName: errorName(error),
      errorMessage: error instanceof Error ? error.message : String(error),
    });
    const undone = await deps.approvals.undo(approvalId, decided).catch((undoError: unknown) => {
      logger.error(
        'could not take back the undelivered decision: it stays stored until the request expires',
        {
          approvalId,
          errorName: errorName(undoError),
        },
      );
      return false;
    });
    return { kind: 'failed', error, undone };
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/**
 * Marks the approval expired (as `system`) and audits it once. `decided`: this click's decision is
 * stored, but the workflow had stopped waiting: it is replaced by `expired` (only while still stored).
 */
async function expire(
  deps: InteractionDeps,
  approval: Approval,
  finding: StoredFinding | undefined,
  now: Date,
  decided?: DecisionStamp,
): Promise<void> {
  const expired = decided
    ? await deps.approvals.replaceDecision(approval.approvalId, decided, 'expired', 'system', now)
    : await deps.approvals.decide(approval.approvalId, 'expired', 'system', now);
  if (!expired) return;
  await deps.audit.append({
    at: now.toISOString(),
    actor: 'system',
    action: 'expired',
    findingId: approval.findingId,
    ...coveredIds(approval),
    approvalId: approval.approvalId,
    remediationId: approval.remediationId,
    ...(approval.accountId ? { accountId: approval.accountId } : {}),
  });
  await showOnCard(deps, finding, approvalView(approval, { state: 'expired' }));
}

/**
 * Shows a decision on the finding's card, unless the card is another approval's: a newer request
 * replaced it (a click from a client still showing the older card), and its buttons must stay.
 */
async function showOnCard(deps: InteractionDeps, finding: StoredFinding | undefined, view: ApprovalView) {
  if (finding && !otherCardApproval(finding.latestApproval, view.approvalId))
    await deps.slack.showApproval(finding, view);
}

/** The audit record's `coveredFindingIds` for a decision about `approval` (nothing when it covers one finding). */
function coveredIds(approval: Pick<Approval, 'covers'>): { coveredFindingIds?: string[] } {
  return approval.covers?.length ? { coveredFindingIds: approval.covers.map((c) => c.findingId) } : {};
}

function alreadyDecided(approval: Approval): string {
  const when = approval.decidedAt ? ` at ${esc(approval.decidedAt)}` : '';
  const who = approval.decidedBy && approval.decidedBy !== 'system' ? ` by ${esc(approval.decidedBy)}` : '';
  return `This request was already ${esc(approval.decision ?? 'decided')}${who}${when}. Nothing more was changed.`;
}

/** The card's view of an approval, with title and destructiveness from the remediation catalog. */
export function approvalView(
  approval: Approval,
  state: Partial<ApprovalView> & Pick<ApprovalView, 'state'>,
): ApprovalView {
  const remediation = getRemediation(approval.remediationId);
  return {
    approvalId: approval.approvalId,
    remediationId: approval.remediationId,
    title: remediation?.title ?? approval.remediationId,
    destructive: remediation?.destructive ?? false,
    ...(remediation?.irreversibleNote ? { irreversibleNote: remediation.irreversibleNote } : {}),
    plan: planCalls(approval.plan),
    ...(approval.covers?.length ? { covers: approval.covers } : {}),
    expiresAt: approval.expiresAt,
    ...state,
  };
}
