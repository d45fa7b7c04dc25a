import type { ResourceBase } from '../model/resource';
import { parseTemplate, type RawTemplate } from './cloudformation/parse-template';
import { ResourceReference } from './cloudformation/reference';
import { evaluateCondition, resolveValue } from './cloudformation/resolve';
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
  /** Resources whose `Condition` is false with the parameters given: CloudFormation does not create them. */
  skipped: Array<{ logicalId: string; type: string; condition: string }>;
}

/** A template file's text to normalized resources (every supported type), with source lines. */
export function normalizeTemplate(
  text: string,
  file: string,
  options: { parameters?: Record<string, string> } = {},
): NormalizedTemplate {
  const template = parseTemplate(text, file);
  return normalizeParsedTemplate(template, options);
}

export function normalizeParsedTemplate(
  template: RawTemplate,
  options: { parameters?: Record<string, string> } = {},
): NormalizedTemplate {
  const ctx = { template, parameters: options.parameters };
  const resources: CfnResource[] = [];
  const skipped: NormalizedTemplate['skipped'] = [];
  for (const [logicalId, raw] of Object.entries(template.Resources)) {
    const condition = typeof raw.Condition === 'string' ? raw.Condition : undefined;
    const created = condition === undefined ? true : evaluateCondition({ Condition: condition }, ctx);
    if (created === false) {
      skipped.push({ logicalId, type: raw.Type, condition: condition! });
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
    if (created !== true) resource.condition = condition;
    resources.push(resource);
  }
  const out = normalizeCfnResources(resources, templateScope(template.file, resources));
  return { file: template.file, resources: out.resources, unsupported: out.unsupported, skipped };
}

/** Each resource through its type's normalizer; types without one are listed, not dropped. */
export function normalizeCfnResources(
  resources: readonly CfnResource[],
  scope: TemplateScope,
): Pick<NormalizedTemplate, 'resources' | 'unsupported'> {
  const out: Pick<NormalizedTemplate, 'resources' | 'unsupported'> = { resources: [], unsupported: [] };
  for (const resource of resources) {
    const normalizer = normalizerFor(resource.type);
    if (normalizer) out.resources.push(normalizer.fromCloudFormation(resource, scope));
    else if (!isReadByAnotherNormalizer(resource.type))
      out.unsupported.push({ logicalId: resource.logicalId, type: resource.type });
  }
  return out;
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
