import { type ApproverConfig, parseApproverConfig } from '../../approvals/approvers';
import {
  type ApprovalEndpointOptions,
  createApprovalEndpoint,
  type HttpRequest,
  type HttpResponse,
} from '../../approvals/endpoint';
import { lambdaHandler } from '../../shared/middleware';

export type FunctionUrlRequest = HttpRequest;
export type FunctionUrlResponse = HttpResponse;

/**
 * Slack interactivity endpoint (Lambda function URL): the approvals module's endpoint verifies the
 * signature and timestamp, checks the approver, records the decision once, completes the waiting
 * task (SendTaskSuccess / SendTaskFailure `Remediation.Rejected`), updates the Slack card and audits.
 */
export type ApprovalCallbackDeps = ApprovalEndpointOptions;

export function createTask(
  deps: ApprovalCallbackDeps,
): (request: FunctionUrlRequest) => Promise<FunctionUrlResponse> {
  return createApprovalEndpoint(deps);
}

/**
 * The `APPROVERS` environment value (per-severity Slack user ids, already parsed by `env()`) as the
 * approvals module's config. An empty list for a severity means nobody may approve it (fails closed).
 */
export function approverConfigFrom(bySeverity: Readonly<Record<string, readonly string[]>>): ApproverConfig {
  const lists = Object.fromEntries(Object.entries(bySeverity).filter(([, ids]) => ids.length > 0));
  return parseApproverConfig({ bySeverity: lists });
}

export const createHandler = (deps: ApprovalCallbackDeps) => lambdaHandler(createTask(deps));
