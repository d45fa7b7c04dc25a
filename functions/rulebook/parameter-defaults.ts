import { type EvaluateOptions, evaluateSubject, type RuleBook, type RuleResult } from './engine';
import type { Evaluation } from './model/evaluation';
import type { ParameterDefault } from './model/finding';
import type { ResourceBase } from './model/resource';
import type { TemplateDefaults } from './normalizers/load-template';

/**
 * Which results of a template depend on the parameter defaults it was evaluated with, and on which.
 *
 * A resource built with some default is evaluated again with those defaults unused (the parameters
 * then resolve to Unknown, as before defaults were used); a result that changes (status, message,
 * severity or evidence) depends on them. When the resource used several defaults, each is left out
 * on its own to name only those a result depends on; a result that changes only when they are all
 * left out names them all. Only resources built with a default are evaluated again, against the
 * same inventory, so a template without defaults (a CDK app's) costs nothing more.
 *
 * A `NoEcho` parameter's value is masked afterwards, in every result: see `maskSecrets`.
 */
export function resultsOnDefaults(
  results: readonly RuleResult[],
  defaults: TemplateDefaults,
  book: RuleBook,
  options: EvaluateOptions,
): Map<RuleResult, ParameterDefault[]> {
  const out = new Map<RuleResult, ParameterDefault[]>();
  for (const run of bySubject(results)) {
    const subject = run[0]!.subject as ResourceBase;
    const names = defaults.usedBy(subject);
    if (!names) continue;
    const without = (withheld: readonly string[]) =>
      evaluateSubject(defaults.rebuild(subject, withheld), book, options);
    const all = without(names);
    const changed = run.flatMap((result, i) => (differs(result, all[i]) ? [i] : []));
    if (changed.length === 0) continue;
    const behind = new Map<number, string[]>(changed.map((i) => [i, []]));
    if (names.length > 1) {
      for (const name of names) {
        const one = without([name]);
        for (const i of changed) if (differs(run[i]!, one[i])) behind.get(i)!.push(name);
      }
    }
    for (const i of changed) {
      const result = run[i]!;
      const found = behind.get(i)!;
      const list = (found.length > 0 ? found : names).map((name) => defaults.describe(name));
      out.set(result, list);
    }
  }
  return out;
}

/** Consecutive results about the same subject (`evaluateAll` returns them subject by subject). */
function bySubject(results: readonly RuleResult[]): RuleResult[][] {
  const runs: RuleResult[][] = [];
  for (const result of results) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.subject === result.subject) last.push(result);
    else runs.push([result]);
  }
  return runs;
}

function differs(result: RuleResult, other: RuleResult | undefined): boolean {
  if (!other || other.rule !== result.rule) return true;
  const a = result.evaluation;
  const b = other.evaluation;
  return (
    a.status !== b.status ||
    a.message !== b.message ||
    a.severity !== b.severity ||
    JSON.stringify(a.evidence) !== JSON.stringify(b.evidence)
  );
}

/**
 * `****` for each secret (the values of a template's NoEcho parameters, default or given) in every
 * result's message and evidence, and in the name and ARN of the resources findings are about, as
 * CloudFormation shows NoEcho values. Applied to every result of a template, not only those that
 * depend on a default: a value given with `--parameter` is as secret. Runs after evaluation (and
 * after `resultsOnDefaults`, which compares unmasked results).
 */
export function maskSecrets(results: readonly RuleResult[], secrets: readonly string[]): void {
  if (secrets.length === 0) return;
  // Longest first: a secret that contains another is masked whole.
  const hide = hider([...secrets].sort((x, y) => y.length - x.length));
  const subjects = new Set<ResourceBase>();
  for (const result of results) {
    result.evaluation = masked(result.evaluation, hide);
    if (!('kind' in result.subject)) subjects.add(result.subject);
  }
  for (const subject of subjects) {
    if (typeof subject.name === 'string') subject.name = hide(subject.name) as string;
    if (typeof subject.arn === 'string') subject.arn = hide(subject.arn) as string;
  }
}

function hider(sorted: readonly string[]): (value: unknown) => unknown {
  const hide = (value: unknown): unknown => {
    if (typeof value === 'string')
      return sorted.reduce((text, secret) => text.replaceAll(secret, '****'), value);
    if (Array.isArray(value)) return value.map(hide);
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, hide(item)]));
    return value;
  };
  return hide;
}

function masked(evaluation: Evaluation, hide: (value: unknown) => unknown): Evaluation {
  const copy: Evaluation = Object.assign({}, evaluation, { message: hide(evaluation.message) as string });
  if (evaluation.evidence) copy.evidence = hide(evaluation.evidence) as Evaluation['evidence'];
  return copy;
}
