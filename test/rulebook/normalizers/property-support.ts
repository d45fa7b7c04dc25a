import fc from 'fast-check';
import { expect } from 'vitest';
import { DEFAULT_RULE_BOOK_CONFIG } from '../../../functions/rulebook/config';
import { RuleBook } from '../../../functions/rulebook/engine';
import { NormalizationError } from '../../../functions/rulebook/errors';
import { Inventory } from '../../../functions/rulebook/inventory';
import type { ResourceBase } from '../../../functions/rulebook/model/resource';
import { normalizeConfigItem } from '../../../functions/rulebook/normalizers/load';
import { normalizeTemplate } from '../../../functions/rulebook/normalizers/load-template';
import type { Rule } from '../../../functions/rulebook/rule';

/**
 * Shared property tests for the storage normalizers: start from a real-shaped fixture, mutate it
 * (replace or delete any field, at any depth, with any JSON-ish value or a CloudFormation
 * intrinsic), and check that normalizing never throws anything but a NormalizationError and that
 * every rule for the type still answers with a status instead of throwing.
 */
const DELETE = Symbol('delete');
const book = new RuleBook();
const STATUSES = ['pass', 'fail', 'not-applicable', 'unknown'];

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 8 || value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const path = [...prefix, key];
    out.push(path);
    paths(child, path, out, depth + 1);
  }
  return out;
}

function apply(base: unknown, ops: Array<[number, unknown]>, all: Path[]): unknown {
  const copy = structuredClone(base);
  for (const [index, replacement] of ops) {
    const path = all[index % all.length]!;
    let parent = copy as Record<string | number, unknown>;
    let ok = true;
    for (const key of path.slice(0, -1)) {
      const next = parent?.[key];
      if (next === null || typeof next !== 'object') {
        ok = false;
        break;
      }
      parent = next as Record<string | number, unknown>;
    }
    if (!ok || parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1]!;
    if (replacement === DELETE) delete parent[last];
    // Clone: fc.constant hands out the same object every run, and later edits must not reach it.
    else parent[last] = structuredClone(replacement);
  }
  return copy;
}

const intrinsic = fc.oneof(
  fc.constantFrom('Hidden', 'Other', 'AWS::Region', 'AWS::NoValue').map((name) => ({ Ref: name })),
  fc.constantFrom('Other', 'Missing').map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
  fc.string().map((text) => ({ 'Fn::Sub': text })),
  fc.constant({ 'Fn::If': ['IsProd', true, false] }),
  fc.constant({ 'Fn::ImportValue': 'shared-key' }),
  fc.constant({ 'Fn::Join': ['', ['a', { Ref: 'Hidden' }]] }),
);

const value = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: intrinsic },
  { weight: 1, arbitrary: fc.constant(DELETE) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(true, false, 'true', 'false', '', -1, 0, null, 'Enabled', 'DISABLED'),
  },
);

/** Random edits of `base`: up to 6 replacements or deletions anywhere in the object. */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const all = paths(base);
  return fc
    .array(fc.tuple(fc.nat({ max: Math.max(0, all.length - 1) }), value), { minLength: 1, maxLength: 6 })
    .map((ops) => apply(base, ops as Array<[number, unknown]>, all));
}

function expectRulesAnswer(resources: ResourceBase[]): void {
  const inventory = new Inventory(resources, { complete: true });
  for (const resource of resources) {
    for (const rule of book.rulesFor(resource)) {
      const evaluation = (rule as Rule<ResourceBase>).evaluate(resource, {
        config: DEFAULT_RULE_BOOK_CONFIG,
        inventory,
        now: new Date('2026-11-22T12:00:00Z'),
      });
      expect(STATUSES, `${rule.id}: ${evaluation.message}`).toContain(evaluation.status);
      expect(typeof evaluation.message).toBe('string');
    }
  }
}

function onlyNormalizationErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (error instanceof NormalizationError) return;
    throw error;
  }
}

/** Config items: mutations of the fixture item never crash the normalizer or the rules. */
export function checkConfigItems(item: unknown, numRuns = 300): void {
  fc.assert(
    fc.property(mutated(item), (candidate) => {
      onlyNormalizationErrors(() => expectRulesAnswer([normalizeConfigItem(candidate, 'config')]));
    }),
    { numRuns },
  );
  // The API model (GetResourceConfigHistory) carries configuration as a JSON string.
  fc.assert(
    fc.property(mutated(item), (candidate) => {
      const record = candidate as Record<string, unknown>;
      if (record && typeof record === 'object' && record.configuration !== undefined) {
        record.configuration = JSON.stringify(record.configuration) ?? 'null';
      }
      onlyNormalizationErrors(() => expectRulesAnswer([normalizeConfigItem(candidate, 'snapshot')]));
    }),
    { numRuns: Math.ceil(numRuns / 3) },
  );
}

/** Templates: mutations of a resources map never crash the normalizers or the rules. */
export function checkTemplates(resources: Record<string, unknown>, numRuns = 300): void {
  const base = {
    Parameters: { Hidden: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Hidden' }, 'prod'] } },
    Resources: resources,
  };
  fc.assert(
    fc.property(mutated(base), (candidate) => {
      const text = JSON.stringify(candidate);
      onlyNormalizationErrors(() => expectRulesAnswer(normalizeTemplate(text, 'property.json').resources));
    }),
    { numRuns },
  );
}
