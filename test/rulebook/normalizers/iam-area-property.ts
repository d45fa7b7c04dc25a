import fc from 'fast-check';
import { expect, it } from 'vitest';
import { NormalizationError } from '../../../functions/rulebook/errors';
import { Unknown } from '../../../functions/rulebook/model/unknown';
import { ResourceReference } from '../../../functions/rulebook/normalizers/cloudformation/reference';
import { normalizeConfigItem } from '../../../functions/rulebook/normalizers/load';
import { templateScope } from '../../../functions/rulebook/normalizers/load-template';
import type {
  CfnResource,
  ResourceNormalizer,
  TemplateScope,
} from '../../../functions/rulebook/normalizers/normalizer';

/**
 * Property suite shared by the identity / serverless / logging normalizers: random and mutated
 * inputs (starting from a valid fixture) never throw anything but NormalizationError subclasses.
 */
const RUNS = 300;

type Json = Record<string, unknown>;

/** Every path (object keys and array indexes) inside a JSON value. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

function setAt(root: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Leaves a template resolver can produce: literals, Unknown, references. */
const leaf = fc.oneof(
  fc.anything(),
  fc.constant(new Unknown('set at deploy time')),
  fc.constant(new ResourceReference('Other', 'Arn')),
  fc.constant(undefined),
  fc.constant('%7Bbroken'),
);

function expectOnlyNormalizationErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NormalizationError);
  }
}

const emptyScope: TemplateScope = templateScope('t.yaml', []);

export function normalizerProperties(
  normalizer: ResourceNormalizer,
  item: () => Json,
  cfnProperties: Json,
): void {
  it('never throws on a fixture item with one value replaced by anything', () => {
    const base = item();
    const all = paths(base);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), leaf, (index, value) => {
        const mutated = setAt(base, all[index]!, value);
        expectOnlyNormalizationErrors(() => normalizeConfigItem(mutated));
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on random configuration and tags', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (configuration, tags) => {
        const mutated = { ...item(), configuration, tags };
        expectOnlyNormalizationErrors(() => normalizeConfigItem(mutated));
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on template properties with one value replaced (Unknown, references, anything)', () => {
    const all = paths(cfnProperties);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.max(0, all.length - 1) }), leaf, (index, value) => {
        const properties = all.length === 0 ? {} : setAt(cfnProperties, all[index]!, value);
        const resource: CfnResource = {
          logicalId: 'R',
          type: normalizer.resourceType,
          properties,
          file: 't.yaml',
        };
        expectOnlyNormalizationErrors(() => normalizer.fromCloudFormation(resource, emptyScope));
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on random template properties', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), leaf), (properties) => {
        const resource: CfnResource = {
          logicalId: 'R',
          type: normalizer.resourceType,
          properties,
          file: 't.yaml',
        };
        expectOnlyNormalizationErrors(() => normalizer.fromCloudFormation(resource, emptyScope));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the type and id of a valid fixture', () => {
    const normalized = normalizeConfigItem(item());
    expect(normalized.type).toBe(normalizer.resourceType);
    expect(normalized.id).toBe(item().resourceId);
  });
}
