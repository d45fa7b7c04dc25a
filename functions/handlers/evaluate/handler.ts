import type { PassedCheck } from '../../ports/findings-store';
import { findingFromComplianceChange } from '../../rulebook/compliance';
import { deletedResourceChecks, deletionReason } from '../../rulebook/deleted-resource';
import {
  evaluateSubject,
  type RuleBook,
  type Subject,
  toFinding,
  toPassedCheck,
} from '../../rulebook/engine';
import type { ComplianceChange } from '../../rulebook/model/compliance-change';
import type { Finding } from '../../rulebook/model/finding';
import type { ResourceBase } from '../../rulebook/model/resource';
import { budgetedInput, TRIAGE_CUTOFF } from '../../shared/execution-budget';
import { lambdaHandler } from '../../shared/middleware';
import type { ResourceOrder } from '../../shared/resource-order';
import { normalizedSchema, parseInput } from '../../shared/schemas';
import { reviveSubject } from '../../shared/subject-codec';

export interface Evaluated {
  correlationId: string;
  findings: Finding[];
  /** Passed state checks: each resolves the open finding with the same id, if any. */
  passed: PassedCheck[];
  /** Normalize's order of the Config item, passed on to Record. */
  order?: ResourceOrder;
}

export interface EvaluateDeps {
  book: RuleBook;
  now?: () => Date;
  /**
   * Milliseconds since the epoch on the clock `$$.Execution.StartTime` comes from (default
   * `Date.now`: Step Functions' and Lambda's clocks agree well enough for the triage cutoff).
   */
  clock?: () => number;
}

/**
 * Runs every applicable rule on the subject. Failed checks become findings (stable ids); passed checks
 * are reported so Record can resolve findings that now pass: a resource that is fixed, or an activity
 * that undoes an earlier one (StartLogging after StopLogging; activity rules pass only then). An AWS
 * Config verdict maps onto the rule book's own rule for the same resource, so it opens or resolves the
 * same finding the bot's own check would.
 *
 * The triage ASL passes `{ normalized, executionStartTime }`: past the triage cutoff the task throws
 * `TriageDeadlineError` before anything else, and the event is dead-lettered (execution-budget.ts).
 */
export function createTask(deps: EvaluateDeps) {
  const now = deps.now ?? (() => new Date());
  const clock = deps.clock ?? Date.now;
  return async (input: unknown): Promise<Evaluated> => {
    const raw = budgetedInput(input, 'normalized', TRIAGE_CUTOFF, clock, 'Evaluate');
    const normalized = parseInput(normalizedSchema, raw, 'Evaluate');
    const subject = reviveSubject(normalized.subject) as Subject;
    const at = now();
    const findings: Finding[] = [];
    const passed: PassedCheck[] = [];
    const order = normalized.order as ResourceOrder | undefined;
    if (order?.deleted && normalized.kind === 'resource') {
      // A deleted resource: nothing to judge; each finding the book can have opened on it resolves.
      const reason = deletionReason(order.deleted, order.captureTime);
      const checks = deletedResourceChecks(subject as ResourceBase, deps.book, reason);
      return { correlationId: normalized.correlationId, findings, passed: checks, order };
    }
    if (normalized.kind === 'compliance-change') {
      const outcome = findingFromComplianceChange(normalized.subject as ComplianceChange, deps.book, at);
      if (outcome.kind === 'finding') findings.push(outcome.finding);
      else if (outcome.kind === 'passed') passed.push(outcome.passed);
      return { correlationId: normalized.correlationId, findings, passed };
    }
    for (const result of evaluateSubject(subject, deps.book, { now: at })) {
      const finding = toFinding(result, deps.book, at);
      if (finding) findings.push(finding);
      else {
        const check = toPassedCheck(result);
        if (check) passed.push(check);
      }
    }
    return { correlationId: normalized.correlationId, findings, passed, ...(order ? { order } : {}) };
  };
}

export const createHandler = (deps: EvaluateDeps) => lambdaHandler(createTask(deps));
