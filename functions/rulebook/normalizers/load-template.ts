import type { ResourceBase } from '../model/resource';
import { parseTemplate, type RawTemplate } from './cloudformation/parse-template';
import { ResourceReference } from './cloudformation/reference';
import { resolveValue } from './cloudformation/resolve';
import { normalizerFor } from './load';
import type { CfnResource, TemplateScope } from './normalizer';

/**
 * CloudFormation templates to normalized resources. Kept apart from `load.ts` (Config items) so the
 * Lambda handlers, which never parse templates, do not bundle the YAML parser.
 */
export interface NormalizedTemplate {
  file: string;
  resources: ResourceBase[];
  /** Resources of types without a model: listed, never silently dropped. */
  unsupported: Array<{ logicalId: string; type: string }>;
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
  const resources: CfnResource[] = Object.entries(template.Resources).map(([logicalId, raw]) => {
    const properties = resolveValue(raw.Properties ?? {}, ctx);
    return {
      logicalId,
      type: raw.Type,
      properties:
        typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {},
      file: template.file,
      ...(template.lines[logicalId] ? { line: template.lines[logicalId] } : {}),
    };
  });
  const scope = templateScope(template.file, resources);
  const out: NormalizedTemplate = { file: template.file, resources: [], unsupported: [] };
  for (const resource of resources) {
    const normalizer = normalizerFor(resource.type);
    if (normalizer) out.resources.push(normalizer.fromCloudFormation(resource, scope));
    else out.unsupported.push({ logicalId: resource.logicalId, type: resource.type });
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
