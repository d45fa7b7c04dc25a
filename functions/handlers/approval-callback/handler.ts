import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApprovalStore } from '../../ports/approval-store';
import type { AuditLog } from '../../ports/audit-log';
import type { TaskCallbacks } from '../../ports/task-callbacks';
import { REMEDIATION_REJECTED } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { lambdaHandler } from '../../shared/middleware';

/** The parts of a Lambda function URL request this endpoint reads. */
export interface FunctionUrlRequest {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface FunctionUrlResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

export interface ApprovalCallbackDeps {
  /** Slack signing secret, fetched once per container from Secrets Manager. */
  signingSecret: () => Promise<string>;
  /** Slack user ids allowed to approve or reject a remediation of the given severity. */
  approversFor: (severity: string) => readonly string[];
  approvals: ApprovalStore;
  audit: AuditLog;
  callbacks: TaskCallbacks;
  now?: () => Date;
}

/** Slack's replay window for signed requests. */
const MAX_SKEW_SECONDS = 300;
export const APPROVE_ACTION = 'remediation_approve';
export const REJECT_ACTION = 'remediation_reject';

/**
 * Slack interactivity endpoint: verifies the request signature and timestamp, checks the approver,
 * records the decision once (conditional write: a double click is a no-op) and completes the waiting
 * task. The task token is read from the store and never leaves it.
 */
export function createTask(deps: ApprovalCallbackDeps) {
  const now = deps.now ?? (() => new Date());
  return async (request: FunctionUrlRequest): Promise<FunctionUrlResponse> => {
    const body = request.isBase64Encoded
      ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
      : (request.body ?? '');
    const headers = lowerCase(request.headers ?? {});
    const at = now();
    if (!verifySlackSignature(await deps.signingSecret(), headers, body, at)) {
      return reply(401, 'invalid signature');
    }
    const payloadText = new URLSearchParams(body).get('payload');
    let payload: SlackAction;
    try {
      payload = JSON.parse(payloadText ?? '') as SlackAction;
    } catch {
      return reply(400, 'payload is not JSON');
    }
    const action = payload.actions?.[0];
    const user = payload.user?.id;
    if (!action || !user || (action.action_id !== APPROVE_ACTION && action.action_id !== REJECT_ACTION)) {
      return reply(400, 'not an approval action');
    }
    const approval = await deps.approvals.get(action.value);
    if (!approval) return reply(200, 'This approval request does not exist (any more).');
    if (!deps.approversFor(approval.severity).includes(user)) {
      logger.warn('approval attempt by a user who is not an approver', { user, approvalId: action.value });
      return reply(200, `You are not allowed to decide ${approval.severity} remediations.`);
    }
    const decision = action.action_id === APPROVE_ACTION ? 'approved' : 'rejected';
    const decided = await deps.approvals.decide(action.value, decision, user, at);
    if (!decided) return reply(200, 'This request was already decided or has expired.');
    if (decision === 'approved') {
      await deps.callbacks.succeed(decided.taskToken, {
        decision,
        approvalId: decided.approvalId,
        decidedBy: user,
        decidedAt: at.toISOString(),
      });
    } else {
      await deps.callbacks.fail(decided.taskToken, REMEDIATION_REJECTED, `rejected by ${user}`);
    }
    await deps.audit.append({
      at: at.toISOString(),
      actor: user,
      action: decision,
      findingId: decided.findingId,
      approvalId: decided.approvalId,
      remediationId: decided.remediationId,
      ...(decided.accountId ? { accountId: decided.accountId } : {}),
    });
    return reply(200, decision === 'approved' ? 'Approved: remediation starting.' : 'Rejected.');
  };
}

interface SlackAction {
  user?: { id?: string };
  actions?: Array<{ action_id: string; value: string }>;
}

export function verifySlackSignature(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  now: Date,
): boolean {
  const timestamp = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

function lowerCase(headers: Record<string, string | undefined>) {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function reply(statusCode: number, text: string): FunctionUrlResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
  };
}

export const createHandler = (deps: ApprovalCallbackDeps) => lambdaHandler(createTask(deps));
