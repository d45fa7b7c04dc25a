import type { ParameterDefault } from '../model/finding';
import type { ResourceBase } from '../model/resource';
import { parameterDefault, secretTexts } from './cloudformation/parameters';
import { parseTemplate, type RawTemplate } from './cloudformation/parse-template';
import { ResourceReference } from './cloudformation/reference';
import { evaluateCondition, type ResolveContext, resolveValue } from './cloudformation/resolve';
import { isReadByAnotherNormalizer, normalizerFor } from './load';
import type { CfnResource, TemplateScope } from './normalizer';
import { mentionedIds } from './storage-values';

/**
 * CloudFormation templates to normalized resources. Kept apart from `load.ts` (Config items) so the
 * Lambda handlers, which never parse templates, do not bundle the YAML parser.
 */
export interface NormalizedTemplate {
  file: string;
  resources: ResourceBase[];
  /** Resources of types without a model (and not read into another's): listed, never silently dropped. */
  unsupported: Array<{ logicalId: string; type: string }>;
  /**
   * Resources whose `Condition` is false with the parameters given: CloudFormation does not create
   * them. `defaults`: the parameter defaults the condition was decided with, if any.
   */
  skipped: Array<{ logicalId: string; type: string; condition: string; defaults?: ParameterDefault[] }>;
  /** How the models depend on parameter defaults; undefined when the template used none. */
  defaults?: TemplateDefaults;
}

export interface NormalizeOptions {
  /** Parameter values given by the user (`--parameter Key=Value`). */
  parameters?: Record<string, string>;
}

/** A template file's text to normalized resources (every supported type), with source lines. */
export function normalizeTemplate(
  text: string,
  file: string,
  options: NormalizeOptions = {},
): NormalizedTemplate {
  const template = parseTemplate(text, file);
  return normalizeParsedTemplate(template, options);
}

/**
 * Resolves every resource (a parameter not given takes its `Default`, see resolve.ts) and builds the
 * models. When some default was used, each model also records which defaults it was built with (its
 * own properties' and those of the resources its normalizer read through the scope), so the scan can
 * rebuild it without them and tell which results depend on a default.
 */
export function normalizeParsedTemplate(
  template: RawTemplate,
  options: NormalizeOptions = {},
): NormalizedTemplate {
  /** Every default used; `mine` holds those of the resource being resolved, until taken. */
  const used = new Set<string>();
  const mine = new Set<string>();
  const take = (): string[] | undefined => {
    if (mine.size === 0) return undefined;
    const names = [...mine];
    for (const name of names) used.add(name);
    mine.clear();
    return names;
  };
  const ctx: ResolveContext = { template, parameters: options.parameters, defaultsUsed: mine };
  const resources: CfnResource[] = [];
  const skipped: NormalizedTemplate['skipped'] = [];
  /** Defaults each resource's properties were resolved with: only resources that used one. */
  const own = new Map<CfnResource, readonly string[]>();
  for (const [logicalId, raw] of Object.entries(template.Resources)) {
    const condition = typeof raw.Condition === 'string' ? raw.Condition : undefined;
    const created = condition === undefined ? true : evaluateCondition({ Condition: condition }, ctx);
    const conditionDefaults = take();
    if (created === false) {
      const entry: NormalizedTemplate['skipped'][number] = {
        logicalId,
        type: raw.Type,
        condition: condition!,
      };
      if (conditionDefaults) {
        entry.defaults = inDeclarationOrder(template, conditionDefaults).map((n) =>
          describeDefault(template, n),
        );
      }
      skipped.push(entry);
      continue;
    }
    const properties = resolveValue(raw.Properties ?? {}, ctx);
    const resource: CfnResource = {
      logicalId,
      type: raw.Type,
      properties:
        typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {},
      file: template.file,
    };
    if (template.lines[logicalId]) resource.line = template.lines[logicalId];
    // Created only by a default (or undecided): exists only if the condition holds at deploy time.
    if (created !== true || conditionDefaults) resource.condition = condition;
    const names = take();
    if (names) own.set(resource, names);
    resources.push(resource);
  }
  const scope = templateScope(template.file, resources);
  if (own.size === 0) {
    const out = normalizeCfnResources(resources, scope);
    const defaults =
      used.size > 0 ? new TemplateDefaults(template, used, options, resources, own) : undefined;
    return { file: template.file, ...out, skipped, ...(defaults ? { defaults } : {}) };
  }
  const defaults = new TemplateDefaults(template, used, options, resources, own);
  const reads = new Set<CfnResource>();
  const out = normalizeCfnResources(resources, recordingScope(scope, reads), (resource, index, model) => {
    const names = new Set(own.get(resource));
    for (const read of reads) for (const name of own.get(read) ?? []) names.add(name);
    reads.clear();
    if (names.size > 0) defaults.record(model, index, names);
  });
  return { file: template.file, resources: out.resources, unsupported: out.unsupported, skipped, defaults };
}

/**
 * The parameter defaults a template's models were built with, and the models rebuilt without some
 * of them (those parameters then resolve to Unknown, as if they declared no `Default`).
 */
export class TemplateDefaults {
  /** Every default used, by a resource's properties or its `Condition`, in declaration order. */
  readonly used: readonly ParameterDefault[];
  private readonly byModel = new Map<ResourceBase, { index: number; names: readonly string[] }>();
  private readonly worlds = new Map<string, { resources: CfnResource[]; scope: TemplateScope }>();

  constructor(
    private readonly template: RawTemplate,
    used: ReadonlySet<string>,
    private readonly options: NormalizeOptions,
    /** The resources as resolved with every default, in template order. */
    private readonly resources: readonly CfnResource[],
    /** The defaults each resource's own properties used (only resources that used one). */
    private readonly own: ReadonlyMap<CfnResource, readonly string[]>,
  ) {
    this.used = inDeclarationOrder(template, used).map((name) => describeDefault(template, name));
  }

  record(model: ResourceBase, index: number, names: Iterable<string>): void {
    this.byModel.set(model, { index, names: inDeclarationOrder(this.template, names) });
  }

  /** The defaults `model` was built with (parameter names), or undefined when none. */
  usedBy(model: ResourceBase): readonly string[] | undefined {
    return this.byModel.get(model)?.names;
  }

  /** How a finding shows the default of parameter `name` (never the value of a NoEcho one). */
  describe(name: string): ParameterDefault {
    return describeDefault(this.template, name);
  }

  /**
   * The texts a NoEcho parameter's default could show as in a message: the whole default and, for a
   * list, each item. Empty for any other parameter.
   */
  secretValues(name: string): string[] {
    const declaration = this.template.Parameters[name];
    return declaration ? secretTexts(name, declaration, declaration.Default) : [];
  }

  /** `model` built again with the defaults of `withheld` unused; the rest of the template as before. */
  rebuild(model: ResourceBase, withheld: readonly string[]): ResourceBase {
    const entry = this.byModel.get(model);
    if (!entry) return model;
    const world = this.world(withheld);
    const resource = world.resources[entry.index]!;
    return normalizerFor(resource.type)!.fromCloudFormation(resource, world.scope);
  }

  /** The template's resources resolved with the defaults of `withheld` unused, built once per set. */
  private world(withheld: readonly string[]): { resources: CfnResource[]; scope: TemplateScope } {
    const key = [...withheld].sort().join('\u0000');
    let world = this.worlds.get(key);
    if (world) return world;
    const without = new Set(withheld);
    const ctx: ResolveContext = {
      template: this.template,
      parameters: this.options.parameters,
      withoutDefaults: without,
    };
    const resources = this.resources.map((resource) => {
      // Resolves the same without those defaults: keep the object the other models were built from.
      if (!this.own.get(resource)?.some((name) => without.has(name))) return resource;
      const properties = resolveValue(this.template.Resources[resource.logicalId]!.Properties ?? {}, ctx);
      return Object.assign({}, resource, {
        properties:
          typeof properties === 'object' && properties !== null
            ? (properties as Record<string, unknown>)
            : {},
      });
    });
    world = { resources, scope: templateScope(this.template.file, resources) };
    this.worlds.set(key, world);
    return world;
  }
}

/** Parameter names in the order the template declares them, so every list of defaults reads the same. */
function inDeclarationOrder(template: RawTemplate, names: Iterable<string>): string[] {
  const declared = Object.keys(template.Parameters);
  return [...names].sort((a, b) => declared.indexOf(a) - declared.indexOf(b));
}

function describeDefault(template: RawTemplate, name: string): ParameterDefault {
  return parameterDefault(name, template.Parameters[name]!);
}

/** Each resource through its type's normalizer; types without one are listed, not dropped. */
export function normalizeCfnResources(
  resources: readonly CfnResource[],
  scope: TemplateScope,
  visit?: (resource: CfnResource, index: number, model: ResourceBase) => void,
): Pick<NormalizedTemplate, 'resources' | 'unsupported'> {
  const out: Pick<NormalizedTemplate, 'resources' | 'unsupported'> = { resources: [], unsupported: [] };
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i]!;
    const normalizer = normalizerFor(resource.type);
    if (normalizer) {
      const model = normalizer.fromCloudFormation(resource, scope);
      out.resources.push(model);
      visit?.(resource, i, model);
    } else if (!isReadByAnotherNormalizer(resource.type))
      out.unsupported.push({ logicalId: resource.logicalId, type: resource.type });
  }
  return out;
}

/** `scope`, noting in `reads` every resource a normalizer looks up through it. */
function recordingScope(scope: TemplateScope, reads: Set<CfnResource>): TemplateScope {
  const noteAll = <T extends readonly CfnResource[]>(list: T): T => {
    for (const resource of list) reads.add(resource);
    return list;
  };
  return {
    file: scope.file,
    get resources() {
      return noteAll(scope.resources);
    },
    referencing: (type, property, logicalId) => noteAll(scope.referencing(type, property, logicalId)),
    byId(logicalId) {
      const resource = scope.byId(logicalId);
      if (resource) reads.add(resource);
      return resource;
    },
    ofType: (type) => noteAll(scope.ofType(type)),
    mentioning: (logicalId) => noteAll(scope.mentioning(logicalId)),
  };
}

/**
 * The template as normalizers see it. Every lookup goes through an index built on first use with one
 * pass over the resources, so normalizing a template stays linear in its size.
 */
export function templateScope(file: string, resources: readonly CfnResource[]): TemplateScope {
  let ids: Map<string, CfnResource> | undefined;
  let types: Map<string, CfnResource[]> | undefined;
  let mentions: Map<string, CfnResource[]> | undefined;
  const references = new Map<string, Map<string, CfnResource[]>>();
  const ofType = (type: string): readonly CfnResource[] => {
    types ??= groupBy(resources, (r) => [r.type]);
    return types.get(type) ?? [];
  };
  return {
    file,
    resources,
    referencing(type, property, logicalId) {
      const key = `${type}\u0000${property}`;
      let index = references.get(key);
      if (!index) {
        index = groupBy(ofType(type), (r) => {
          const value = r.properties[property];
          return (Array.isArray(value) ? value : [value])
            .filter((v): v is ResourceReference => v instanceof ResourceReference)
            .map((v) => v.logicalId);
        });
        references.set(key, index);
      }
      return [...(index.get(logicalId) ?? [])];
    },
    byId(logicalId) {
      ids ??= new Map(resources.map((r) => [r.logicalId, r]));
      return ids.get(logicalId);
    },
    ofType,
    mentioning(logicalId) {
      mentions ??= groupBy(resources, (r) =>
        [...mentionedIds(r.properties)].filter((id) => id !== r.logicalId),
      );
      return mentions.get(logicalId) ?? [];
    },
  };
}

/** Each resource under every key it gives (each key once per resource), in resource order. */
function groupBy(
  resources: readonly CfnResource[],
  keysOf: (resource: CfnResource) => readonly string[],
): Map<string, CfnResource[]> {
  const groups = new Map<string, CfnResource[]>();
  for (const resource of resources) {
    for (const key of new Set(keysOf(resource))) {
      const group = groups.get(key);
      if (group) group.push(resource);
      else groups.set(key, [resource]);
    }
  }
  return groups;
}
