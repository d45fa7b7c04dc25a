import type { ResourceBase } from '../model/resource';
import { parseTemplate, type RawTemplate } from './cloudformation/parse-template';
import { ResourceReference } from './cloudformation/reference';
import { evaluateCondition, resolveValue } from './cloudformation/resolve';
import { isReadByAnotherNormalizer, normalizerFor } from './load';
import type { CfnResource, TemplateScope } from './normalizer';

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
  const scope = templateScope(template.file, resources);
  const out: NormalizedTemplate = { file: template.file, resources: [], unsupported: [], skipped };
  for (const resource of resources) {
    const normalizer = normalizerFor(resource.type);
    if (normalizer) out.resources.push(normalizer.fromCloudFormation(resource, scope));
    else if (!isReadByAnotherNormalizer(resource.type))
      out.unsupported.push({ logicalId: resource.logicalId, type: resource.type });
  }
  return out;
}

function templateScope(file: string, resources: CfnResource[]): TemplateScope {
  return {
    file,
    resources,
    referencing(type, property, logicalId) {
      return resources.filter((r) => {
        if (r.type !== type) return false;
        const value = r.properties[property];
        const values = Array.isArray(value) ? value : [value];
        return values.some((v) => v instanceof ResourceReference && v.logicalId === logicalId);
      });
    },
  };
}
