import {
  type CollectionTag,
  type Document,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  type ScalarTag,
  visit,
  YAMLMap,
  YAMLSeq,
  type Tags as YamlTags,
} from 'yaml';
import { jsonParseError, yamlParseError } from '../../../shared/parse-errors';
import { TemplateError } from '../../errors';

/** A CloudFormation template as parsed, intrinsics still in their long form (`{"Fn::Sub": ...}`). */
export interface RawTemplate {
  file: string;
  Parameters: Record<
    string,
    {
      Default?: unknown;
      AllowedValues?: unknown[];
      Type?: string;
      NoEcho?: unknown;
      AllowedPattern?: unknown;
      MinLength?: unknown;
      MaxLength?: unknown;
      MinValue?: unknown;
      MaxValue?: unknown;
    }
  >;
  Mappings: Record<string, Record<string, Record<string, unknown>>>;
  Conditions: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Condition?: string; Metadata?: unknown }
  >;
  /**
   * Names of the template's macros (`Transform:`), e.g. `AWS::Serverless-2016-10-31`, then those of
   * its `Fn::Transform`s (`AWS::Include` snippets), each once; empty when none.
   */
  Transform?: string[];
  /**
   * True when `Resources` holds an `Fn::Transform` (an `AWS::Include` of more resources): the
   * resources written are not all the template creates.
   */
  includesResources?: boolean;
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
export function parseTemplate(source: string, file: string): RawTemplate {
  // A leading UTF-8 byte order mark (Windows editors) is not part of the document.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let body: unknown;
  let lines: Record<string, number>;
  if (text.trimStart().startsWith('{')) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      const { message, line } = jsonParseError(text, error);
      throw new TemplateError(`${file}${line ? `:${line}` : ''}: not valid JSON: ${message}`, {
        cause: error,
      });
    }
    lines = scanJsonKeys(text, file);
  } else {
    const lineCounter = new LineCounter();
    // uniqueKeys: the parser compares each key with every earlier key of its map, quadratic in the
    // size of `Resources` (20,000 resources took most of a minute); firstDuplicateKey is one pass.
    const doc = parseDocument(text, { customTags, uniqueKeys: false, prettyErrors: true, lineCounter });
    const duplicate = firstDuplicateKey(doc);
    const first = doc.errors[0];
    if (first && (duplicate === undefined || first.pos[0] < duplicate)) {
      const { message, line } = yamlParseError(first);
      throw new TemplateError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${message}`);
    }
    if (duplicate !== undefined) {
      const line = lineCounter.linePos(duplicate).line;
      throw new TemplateError(`${file}:${line}: ${duplicateKeyMessage(keyAt(text, duplicate), undefined)}`);
    }
    body = doc.toJSON();
    lines = yamlResourceLines(doc, lineCounter);
  }
  return toRawTemplate(body, file, lines);
}

/**
 * Where the first key repeated in one map starts (keys compared by value, as the parser's own
 * `uniqueKeys` check does), or undefined. One Set per map: linear in the size of the document.
 */
function firstDuplicateKey(doc: Document): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else if (key.range && (first === undefined || key.range[0] < first)) first = key.range[0];
      }
    },
  });
  return first;
}

function duplicateKeyMessage(key: string | undefined, path: string | undefined): string {
  const name = key === undefined ? 'a key' : `key ${JSON.stringify(key)}`;
  return `duplicate ${name}${path ? ` in ${path}` : ''}: CloudFormation rejects templates that repeat a key`;
}

/** The (possibly quoted) YAML key that starts at `offset`. */
function keyAt(text: string, offset: number): string | undefined {
  const match = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:#\n]*?))\s*:/.exec(
    text.slice(offset, offset + 1024),
  );
  if (!match) return undefined;
  if (match[1] !== undefined) return JSON.parse(`"${match[1]}"`) as string;
  return match[2] !== undefined ? match[2].replaceAll("''", "'") : match[3];
}

/** 1-based line of each key directly under the top-level `Resources` map, from the parser's own positions. */
function yamlResourceLines(doc: Document, lineCounter: LineCounter): Record<string, number> {
  const out: Record<string, number> = {};
  const resources = doc.get('Resources', true);
  if (!isMap(resources)) return out;
  for (const item of resources.items) {
    const key = item.key;
    if (isScalar(key) && key.range) out[String(key.value)] = lineCounter.linePos(key.range[0]).line;
  }
  return out;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

/**
 * Walks JSON text that `JSON.parse` accepted for what `JSON.parse` hides: a key repeated in one object
 * (it keeps the last; CloudFormation rejects the template) and the line of each key directly under
 * the top-level `"Resources"`. One pass with `indexOf` for strings: the YAML parser would give both
 * but is about 100x slower on large synthesized templates.
 */
function scanJsonKeys(text: string, file: string): Record<string, number> {
  const out: Record<string, number> = {};
  const keys: Array<Set<string> | null> = []; // per open container: its keys, null for an array
  const names: Array<string | undefined> = []; // per open container: the key it is the value of
  let pendingKey: string | undefined;
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number): number => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      let end = text.indexOf('"', i + 1);
      while (isEscaped(text, end)) end = text.indexOf('"', end + 1);
      let next = end + 1;
      while (next < text.length && text.charCodeAt(next) <= 32) next++;
      if (text.charCodeAt(next) === COLON) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const own = keys[keys.length - 1];
        if (own?.has(key)) {
          const path = names
            .slice(1)
            .filter((n) => n !== undefined)
            .join('.');
          throw new TemplateError(`${file}:${lineAt(i)}: ${duplicateKeyMessage(key, path || undefined)}`);
        }
        own?.add(key);
        if (keys.length === 2 && names[1] === 'Resources') out[key] = lineAt(i);
        pendingKey = key;
        next++;
      }
      i = next - 1;
    } else if (ch === 123 || ch === 91) {
      keys.push(ch === 123 ? new Set() : null);
      names.push(pendingKey);
      pendingKey = undefined;
    } else if (ch === 125 || ch === 93) {
      keys.pop();
      names.pop();
      pendingKey = undefined;
    }
  }
  return out;
}

/** True when the quote at `index` is preceded by an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; text.charCodeAt(i) === BACKSLASH; i--) count++;
  return count % 2 === 1;
}

function toRawTemplate(body: unknown, file: string, lines: Record<string, number>): RawTemplate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TemplateError(`${file}: a CloudFormation template must be an object`);
  }
  const t = body as Record<string, unknown>;
  const resources = t.Resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
    throw new TemplateError(`${file}: no "Resources" section, so this is not a CloudFormation template`);
  }
  // `Fn::Transform` as a key of Resources (an AWS::Include of resources) is not a resource.
  const { 'Fn::Transform': included, ...written } = resources as Record<string, unknown>;
  for (const [logicalId, resource] of Object.entries(written)) {
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
    Resources: written as RawTemplate['Resources'],
    Transform: [...new Set([...transformNames(t.Transform), ...fnTransformNames(t, 0)])],
    ...(included !== undefined ? { includesResources: true } : {}),
    lines,
  };
}

/** The macro names of every `Fn::Transform` in the template (`AWS::Include` and others). */
function fnTransformNames(value: unknown, depth: number): string[] {
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item) => fnTransformNames(item, depth + 1));
  const out: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Fn::Transform') out.push(...transformNames(item));
    else out.push(...fnTransformNames(item, depth + 1));
  }
  return out;
}

/** `Transform: X`, `Transform: [X, Y]` or `Transform: { Name: X, Parameters }` to the macro names. */
function transformNames(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => {
    if (typeof item === 'string') return item;
    const name = (item as { Name?: unknown } | null)?.Name;
    return typeof name === 'string' ? name : JSON.stringify(item);
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
