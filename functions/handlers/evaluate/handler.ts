import type { PassedCheck } from '../../ports/findings-store';
import { evaluateSubject, findingId, type RuleBook, type Subject, toFinding } from '../../rulebook/engine';
import type { Finding } from '../../rulebook/model/finding';
import { type ResourceBase, refOf } from '../../rulebook/model/resource';
import { lambdaHandler } from '../../shared/middleware';
import { normalizedSchema, parseInput } from '../../shared/schemas';
import { reviveSubject } from '../../shared/subject-codec';

export interface Evaluated {
  correlationId: string;
  findings: Finding[];
  /** Passed state checks: each resolves the open finding with the same id, if any. */
  passed: PassedCheck[];
}

export interface EvaluateDeps {
  book: RuleBook;
  now?: () => Date;
}

/**
 * Runs every applicable rule on the subject. Failed checks become findings (stable ids); passed checks
 * on resources are reported so Record can resolve findings that now pass. Activity and cost rules
 * judge one event, so their passes resolve nothing.
 */
export function createTask(deps: EvaluateDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<Evaluated> => {
    const normalized = parseInput(normalizedSchema, input, 'Evaluate');
    const subject = reviveSubject(normalized.subject) as Subject;
    const at = now();
    const results = evaluateSubject(subject, deps.book, { now: at });
    const findings: Finding[] = [];
    const passed: PassedCheck[] = [];
    for (const result of results) {
      const finding = toFinding(result, deps.book, at);
      if (finding) findings.push(finding);
      else if (result.evaluation.status === 'pass' && normalized.kind === 'resource') {
        const resource = refOf(subject as ResourceBase);
        passed.push({ findingId: findingId(result.rule.id, resource), ruleId: result.rule.id, resource });
      }
    }
    return { correlationId: normalized.correlationId, findings, passed };
  };
}

export const createHandler = (deps: EvaluateDeps) => lambdaHandler(createTask(deps));
