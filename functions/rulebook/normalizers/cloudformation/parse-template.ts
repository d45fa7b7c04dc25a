import {
  type CollectionTag,
  parseDocument,
  type ScalarTag,
  YAMLMap,
  YAMLSeq,
  type Tags as YamlTags,
} from 'yaml';
import { TemplateError } from '../../errors';

/** A CloudFormation template as parsed, intrinsics still in their long form (`{"Fn::Sub": ...}`). */
export interface RawTemplate {
  file: string;
  Parameters: Record<string, { Default?: unknown; AllowedValues?: unknown[]; Type?: string }>;
  Mappings: Record<string, Record<string, Record<string, unknown>>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;
  /** 1-based line of each logical id under Resources, for SARIF and table output. */
  lines: Record<string, number>;
}

const FN_TAGS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
] as const;

/** Short-form intrinsics (`!Ref`, `!Sub`, `!GetAtt a.b`, ...) map to their long form on load. */
function shortFormTags(): YamlTags {
  const tags: Array<ScalarTag | CollectionTag> = [];
  const add = (tag: string, key: string, transform: (v: unknown) => unknown = (v) => v) => {
    tags.push({
      tag: `!${tag}`,
      resolve: (value: string) => ({ [key]: transform(value) }),
    } as ScalarTag);
    tags.push({
      tag: `!${tag}`,
      collection: 'seq',
      nodeClass: YAMLSeq,
      resolve: (seq: YAMLSeq) => ({ [key]: seq.toJSON() }),
    } as unknown as CollectionTag);
    tags.push({
      tag: `!${tag}`,
      collection: 'map',
      nodeClass: YAMLMap,
      resolve: (map: YAMLMap) => ({ [key]: map.toJSON() }),
    } as unknown as CollectionTag);
  };
  add('Ref', 'Ref');
  add('Condition', 'Condition');
  add('GetAtt', 'Fn::GetAtt', (v) => (typeof v === 'string' ? splitGetAtt(v) : v));
  for (const fn of FN_TAGS) add(fn, `Fn::${fn}`);
  return tags;
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

const customTags = shortFormTags();

/** Parses a JSON or YAML template; errors name the file and, for YAML, the line. */
export function parseTemplate(text: string, file: string): RawTemplate {
  let body: unknown;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new TemplateError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  } else {
    const doc = parseDocument(text, { customTags, uniqueKeys: false, prettyErrors: true });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const line = first.linePos?.[0]?.line;
      throw new TemplateError(
        `${file}${line ? `:${line}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`,
      );
    }
    body = doc.toJSON();
  }
  return toRawTemplate(body, file, text);
}

function toRawTemplate(body: unknown, file: string, text: string): RawTemplate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TemplateError(`${file}: a CloudFormation template must be an object`);
  }
  const t = body as Record<string, unknown>;
  const resources = t.Resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
    throw new TemplateError(`${file}: no "Resources" section, so this is not a CloudFormation template`);
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    const type = (resource as { Type?: unknown } | null)?.Type;
    if (typeof type !== 'string') {
      throw new TemplateError(`${file}: resource ${logicalId} has no "Type"`);
    }
  }
  return {
    file,
    Parameters: asRecord(t.Parameters) as RawTemplate['Parameters'],
    Mappings: asRecord(t.Mappings) as RawTemplate['Mappings'],
    Conditions: asRecord(t.Conditions),
    Resources: resources as RawTemplate['Resources'],
    lines: lineNumbers(text, Object.keys(resources)),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Line of each `LogicalId:` / `"LogicalId":` key; the first match after the Resources key wins. */
function lineNumbers(text: string, logicalIds: string[]): Record<string, number> {
  const lines = text.split('\n');
  const resourcesLine = lines.findIndex((line) => /^\s*"?Resources"?\s*:/.test(line));
  const wanted = new Set(logicalIds);
  const out: Record<string, number> = {};
  for (let i = Math.max(resourcesLine, 0); i < lines.length; i++) {
    const match = /^\s*"?([A-Za-z0-9]+)"?\s*:/.exec(lines[i]!);
    if (match && wanted.has(match[1]!) && out[match[1]!] === undefined) out[match[1]!] = i + 1;
  }
  return out;
}
