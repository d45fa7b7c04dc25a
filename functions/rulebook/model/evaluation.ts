import type { ResourceRef } from './resource';
import type { Severity } from './severity';
import type { Unknown } from './unknown';

export type EvaluationStatus = 'pass' | 'fail' | 'not-applicable' | 'unknown';

export type Evidence = Record<string, unknown>;

/** The result of one rule on one subject. */
export interface Evaluation {
  status: EvaluationStatus;
  /** What is wrong (or right) with this resource, in one sentence a person can act on. */
  message: string;
  evidence?: Evidence;
  /**
   * A rule may raise or lower its default severity for this case (e.g. SSH open is critical). On an
   * unknown result: the most severe severity its finding could have.
   */
  severity?: Severity;
  /**
   * For activity and cost rules: the resource the event is about (the trail, the bucket, the NAT
   * gateway). Defaults to the account. Resource rules never set it.
   */
  resource?: ResourceRef;
  /**
   * Why the rule's remediation cannot fix this case (e.g. the NAT gateway's VPC is unknown, and the
   * fix needs it): the finding then carries no remediation, so nobody is asked to approve a plan that
   * cannot be built.
   */
  withoutFix?: string;
}

// The helpers below build each result by assignment, not conditional spreads: they run once per
// rule and subject on the hot path. Optional keys are present only when given, as before.

export function pass(message: string, evidence?: Evidence): Evaluation {
  const evaluation: Evaluation = { status: 'pass', message };
  if (evidence) evaluation.evidence = evidence;
  return evaluation;
}

export function fail(
  message: string,
  evidence?: Evidence,
  options?: { severity?: Severity; resource?: ResourceRef; withoutFix?: string },
): Evaluation {
  const evaluation: Evaluation = { status: 'fail', message };
  if (evidence) evaluation.evidence = evidence;
  if (options !== undefined) {
    if ('severity' in options) evaluation.severity = options.severity;
    if ('resource' in options) evaluation.resource = options.resource;
    if (options.withoutFix !== undefined) evaluation.withoutFix = options.withoutFix;
  }
  return evaluation;
}

export function notApplicable(message: string): Evaluation {
  return { status: 'not-applicable', message };
}

/** "Cannot tell": the message says which input was unknown and why. */
/**
 * ` (reason)`; when the message already says "set at deploy time" and the cause names what sets it
 * (a parameter: `source`), `: parameter X (default "y")` instead of repeating the same words nested.
 */
function causeNote(message: string, cause: Unknown): string {
  const source = (cause as { source?: unknown }).source;
  if (typeof source === 'string' && message.endsWith('set at deploy time')) return `: ${source}`;
  return ` (${cause.reason})`;
}

/**
 * `options.severity`: the most severe severity the finding could have once the unknown value is
 * known, when the rule can tell it closer than its `maxSeverity` (an unknown CIDR on port 443 can
 * only be a high finding, on port 22 a critical one).
 */
export function unknown(
  message: string,
  cause?: Unknown,
  evidence?: Evidence,
  options?: { severity?: Severity },
): Evaluation {
  const evaluation: Evaluation = {
    status: 'unknown',
    message: cause ? `${message}${causeNote(message, cause)}` : message,
  };
  if (evidence) evaluation.evidence = evidence;
  if (options?.severity !== undefined) evaluation.severity = options.severity;
  return evaluation;
}

/**
 * `values.join(separator)` for the lists in evaluation messages, by concatenation: V8's generic
 * `Array.prototype.join` costs several times more per call, and these run once per rule and
 * subject on the hot path.
 */
export function joinList(values: readonly string[], separator = ', '): string {
  let text = '';
  for (let i = 0; i < values.length; i++) text = i === 0 ? values[0]! : text + separator + values[i];
  return text;
}
