import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseRuleBookConfig } from '../../../functions/rulebook/config';
import { NormalizationError } from '../../../functions/rulebook/errors';
import { Inventory } from '../../../functions/rulebook/inventory';
import type { ResourceBase } from '../../../functions/rulebook/model/resource';
import type { RawTemplate } from '../../../functions/rulebook/normalizers/cloudformation/parse-template';
import { normalizeConfigItem } from '../../../functions/rulebook/normalizers/load';
import {
  normalizeParsedTemplate,
  normalizeTemplate,
} from '../../../functions/rulebook/normalizers/load-template';
import type { Rule } from '../../../functions/rulebook/rule';
import { RULES } from '../../../functions/rulebook/rules/index';

/**
 * Shared property checks for the network and compute normalizers: random and mutated inputs, built
 * from a valid Config item and a valid template resource, never throw anything but
 * `NormalizationError` subclasses, a normalized model always keeps its type and id, and every rule
 * that applies to it evaluates it without throwing.
 */

/** Values that appear in real inputs: scalars, lists, objects and CloudFormation intrinsics. */
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -2, max: 70000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant('0.0.0.0/0'),
  fc.constant('::/0'),
  fc.constant('-1'),
  fc.constant({ Ref: 'Param' }),
  fc.constant({ Ref: 'Other' }),
  fc.constant({ 'Fn::GetAtt': ['Other', 'Id'] }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
  fc.constant({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }),
  fc.constant({ 'Fn::If': ['Cond', 'a', 'b'] }),
  fc.constant({ 'Fn::GetAZs': '' }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('any'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).any;

type Path = Array<string | number>;

/** Every path to a value inside `root`, so mutations hit real fields. */
function paths(root: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (root !== null && typeof root === 'object') {
    for (const [key, child] of Object.entries(root)) {
      const path = [...prefix, Array.isArray(root) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  // Removing a list entry splices it out: JSON has no holes in arrays.
  if (replacement === undefined && Array.isArray(node)) node.splice(Number(last), 1);
  else if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** A mutation of `seed`: one to three fields replaced by random values or removed. */
export function mutated(seed: unknown): fc.Arbitrary<unknown> {
  const all = paths(seed);
  return fc
    .array(fc.tuple(fc.constantFrom(...all), fc.option(value, { nil: undefined })), {
      minLength: 1,
      maxLength: 3,
    })
    .map((mutations) =>
      mutations.reduce((acc, [path, replacement]) => safeSet(acc, path, replacement), seed),
    );
}

function safeSet(root: unknown, path: Path, replacement: unknown): unknown {
  try {
    return setAt(root, path, replacement);
  } catch {
    return root; // an earlier mutation removed the parent: keep the input as it is
  }
}

function expectOnlyNormalizationErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NormalizationError);
  }
}

const CONTEXT = { config: parseRuleBookConfig({}), now: new Date('2026-11-22T12:00:00Z') };

/** Every rule that applies to the model evaluates it without throwing, to a known status. */
function expectRulesToEvaluate(models: readonly ResourceBase[], complete: boolean): void {
  const inventory = new Inventory(models, { complete });
  for (const model of models) {
    for (const rule of Object.values(RULES) as Array<Rule<ResourceBase>>) {
      if (rule.appliesTo.kind !== 'resource' || !rule.appliesTo.resourceTypes.includes(model.type)) continue;
      const result = rule.evaluate(model, { ...CONTEXT, inventory });
      expect(['pass', 'fail', 'not-applicable', 'unknown']).toContain(result.status);
    }
  }
}

const RUNS = 300;

export function normalizerProperties(options: {
  type: string;
  configItem: Record<string, unknown>;
  /** Properties of one template resource of `type`, plus neighbours it refers to. */
  template: RawTemplate['Resources'];
  logicalId: string;
}): void {
  const { type, configItem, template, logicalId } = options;
  const raw = (resources: RawTemplate['Resources']): RawTemplate => ({
    file: 'property.yaml',
    Parameters: { Param: { Type: 'String' } },
    Mappings: {},
    Conditions: { Cond: { 'Fn::Equals': [{ Ref: 'Param' }, 'x'] } },
    Resources: resources,
    lines: {},
  });

  it('normalizes the seed Config item and template', () => {
    const model = normalizeConfigItem(configItem, 'config');
    expect(model.type).toBe(type);
    const { resources } = normalizeParsedTemplate(raw(template));
    expect(resources.find((r) => r.id === logicalId)?.type).toBe(type);
  });

  it('mutated Config items throw nothing but NormalizationError', () => {
    fc.assert(
      fc.property(mutated(configItem), (item) => {
        expectOnlyNormalizationErrors(() =>
          expectRulesToEvaluate([normalizeConfigItem(item, 'config')], false),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('random configurations keep type and id', () => {
    fc.assert(
      fc.property(value, value, (configuration, supplementary) => {
        const item = { ...configItem, configuration, supplementaryConfiguration: supplementary };
        const model = normalizeConfigItem(item, 'snapshot');
        expect(model.type).toBe(type);
        expect(model.id).toBe(configItem.resourceId);
        expectRulesToEvaluate([model], false);
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated templates throw nothing but NormalizationError', () => {
    fc.assert(
      fc.property(mutated(template), (resources) => {
        // Through the parser, as the scanner reads files: a malformed resource entry is a TemplateError.
        const { file: _file, lines: _lines, ...body } = raw(resources as RawTemplate['Resources']);
        expectOnlyNormalizationErrors(() =>
          expectRulesToEvaluate(normalizeTemplate(JSON.stringify(body), 'property.json').resources, true),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('random properties never throw', () => {
    fc.assert(
      fc.property(value, (properties) => {
        const resources = {
          ...template,
          [logicalId]: { Type: type, Properties: properties as Record<string, unknown> },
        };
        const { resources: out } = normalizeParsedTemplate(raw(resources));
        expect(out.find((r) => r.id === logicalId)?.type).toBe(type);
        expectRulesToEvaluate(out, true);
      }),
      { numRuns: RUNS },
    );
  });
}
