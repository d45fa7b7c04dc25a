import { UnsupportedResourceError } from '../../rulebook/errors';
import type { ParameterDefault } from '../../rulebook/model/finding';
import type { ResourceBase } from '../../rulebook/model/resource';
import {
  isNoEcho,
  noEchoSecrets,
  parameterValueProblem,
} from '../../rulebook/normalizers/cloudformation/parameters';
import { parseTemplate, type RawTemplate } from '../../rulebook/normalizers/cloudformation/parse-template';
import { normalizeConfigItem } from '../../rulebook/normalizers/load';
import { normalizeParsedTemplate, type TemplateDefaults } from '../../rulebook/normalizers/load-template';
import { InputError, type InputProblem, problemOf } from '../errors';
import { jsonInputError, readText } from './read';
import { badReferences } from './references';
import { type ResourceSuppressions, suppressionsOf } from './suppressions';
import type { InputFile } from './templates';
import { evaluateInputKind, wrongCommand } from './wrong-command';

/** Resource ids of types the rule book has no model for: counted and listed, never errors. */
export interface UnsupportedResource {
  file: string;
  type: string;
  id: string;
}

/**
 * The resources of one template or one Config snapshot. They are evaluated together, as one
 * complete inventory, so cross-resource rules can say "no such resource exists" with confidence.
 */
export interface Scope {
  file: string;
  kind: 'template' | 'snapshot';
  resources: ResourceBase[];
  unsupported: UnsupportedResource[];
  /** Template resources not created with the parameters given: their `Condition` is false. */
  skipped: SkippedResource[];
  /** Entries of the file that could not be read (a snapshot item with missing fields). */
  problems: InputProblem[];
  /** The parameters a template declares (none for a snapshot). */
  parameters: string[];
  /** The template's macros (`Transform:`): the resources they create or change are not checked. */
  transforms: string[];
  /** Per-resource suppressions from the template's resource `Metadata` (see suppressions.ts). */
  suppressions: ResourceSuppressions;
  /** The parameter defaults a template's resources were built with; undefined when none. */
  defaults?: TemplateDefaults;
  /**
   * True when the resources are not all the template creates (an `Fn::Transform` in `Resources`
   * includes more at deploy time): cross-resource rules cannot conclude from absence.
   */
  incomplete?: true;
  /** The values of the template's NoEcho parameters (defaults and given): never shown. */
  secrets: string[];
}

/**
 * A `scan` input: a CloudFormation template (JSON or YAML) or an AWS Config snapshot file (the
 * `{ fileVersion, configSnapshotId, configurationItems }` object that `deliver-config-snapshot`
 * writes, optionally gzipped). Throws `InputError` when the file as a whole is unusable.
 */
export function loadScope(
  input: InputFile,
  parameters: Record<string, string> = {},
  ruleIds: ReadonlySet<string> = new Set(),
): Scope {
  const text = readText(input.path, input.display);
  if (text.trim() === '') throw new InputError(input.display, 'file is empty');
  if (looksLikeSnapshot(text)) return loadSnapshot(text, input.display);
  try {
    let raw: ReturnType<typeof parseTemplate>;
    try {
      raw = parseTemplate(text, input.display);
    } catch (error) {
      const kind = evaluateInputKind(text);
      if (kind !== undefined) throw wrongCommand(input.display, kind, 'evaluate');
      throw error;
    }
    const transforms = raw.Transform ?? [];
    // A macro (SAM) adds resources that `!Ref` may name: only a template without one is checked.
    if (transforms.length === 0) {
      const bad = badReferences(raw);
      if (bad.length > 0) {
        const first = bad[0]!;
        const more =
          bad.length > 1
            ? ` (and ${bad.length - 1} more: ${bad
                .slice(1)
                .map((b) => `${b.resource} ${b.reference}`)
                .join(', ')})`
            : '';
        throw new InputError(
          input.display,
          `resource ${first.resource}: ${first.reference} names no parameter, resource or pseudo parameter of this template; CloudFormation rejects it${more}`,
          raw.lines[first.resource] !== undefined ? { line: raw.lines[first.resource]! } : {},
        );
      }
    }
    const allowed = allowedParameters(raw, parameters, input.display);
    const suppressions = suppressionsOf(raw, ruleIds);
    const template = normalizeParsedTemplate(raw, { parameters: allowed.parameters });
    const scope: Scope = {
      file: input.display,
      kind: 'template',
      resources: template.resources,
      unsupported: template.unsupported
        .filter((u) => !BOOKKEEPING_TYPES.has(u.type))
        .map((u) => ({ file: input.display, type: u.type, id: u.logicalId })),
      skipped: template.skipped.map((s) => ({
        file: input.display,
        id: s.logicalId,
        type: s.type,
        condition: s.condition,
        ...(s.defaults ? { defaults: s.defaults } : {}),
      })),
      problems: allowed.problems,
      parameters: Object.keys(raw.Parameters),
      transforms,
      suppressions,
      secrets: noEchoSecrets(raw, allowed.parameters),
    };
    if (template.defaults) scope.defaults = template.defaults;
    if (raw.includesResources) scope.incomplete = true;
    return scope;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const problem = problemOf(error, input.display);
    throw new InputError(problem.file, problem.message, {
      ...(problem.line !== undefined ? { line: problem.line } : {}),
      cause: error,
    });
  }
}

/**
 * `--parameter` values CloudFormation rejects: outside the parameter's `AllowedValues`, not a number
 * for a `Number` or `List<Number>`, or breaking its `AllowedPattern`, `MinLength`/`MaxLength` or
 * `MinValue`/`MaxValue` (see `parameterValueProblem`). Each is an input error and the template is
 * checked without it (as if it were not given). A NoEcho parameter's value is not shown.
 */
function allowedParameters(
  template: RawTemplate,
  given: Record<string, string>,
  file: string,
): { parameters: Record<string, string>; problems: InputProblem[] } {
  const parameters: Record<string, string> = {};
  const problems: InputProblem[] = [];
  for (const [name, value] of Object.entries(given)) {
    const declaration = template.Parameters[name];
    if (!declaration) {
      parameters[name] = value; // reported by the scan as a parameter no template declares
      continue;
    }
    const allowed = declaration.AllowedValues;
    const problem =
      Array.isArray(allowed) && !allowed.some((v) => String(v) === value)
        ? `not one of the parameter's AllowedValues (${allowed.map(String).join(', ')})`
        : parameterValueProblem(declaration, value);
    if (problem === undefined) {
      parameters[name] = value;
      continue;
    }
    const shown = isNoEcho(declaration) ? '****' : value;
    problems.push({ file, message: `--parameter ${name}=${shown}: ${problem}; CloudFormation rejects it` });
  }
  return { parameters, problems };
}

export interface SkippedResource {
  file: string;
  id: string;
  type: string;
  condition: string;
  /** The parameter defaults the condition was decided with, if any. */
  defaults?: ParameterDefault[];
}

/** CDK's own version-reporting resource: not infrastructure, so not worth listing as unchecked. */
const BOOKKEEPING_TYPES = new Set(['AWS::CDK::Metadata']);

const SNAPSHOT_KEY = /^\s*\{[\s\S]*?"configurationItems"\s*:/;

function looksLikeSnapshot(text: string): boolean {
  return text.trimStart().startsWith('{') && SNAPSHOT_KEY.test(text.slice(0, 4096));
}

function loadSnapshot(text: string, file: string): Scope {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw jsonInputError(file, text, error);
  }
  const items = (body as { configurationItems?: unknown }).configurationItems;
  if (!Array.isArray(items)) {
    throw new InputError(file, '"configurationItems" is not a list: not an AWS Config snapshot');
  }
  const scope: Scope = {
    file,
    kind: 'snapshot',
    resources: [],
    unsupported: [],
    skipped: [],
    problems: [],
    parameters: [],
    transforms: [],
    suppressions: new Map(),
    secrets: [],
  };
  for (let i = 0; i < items.length; i++) {
    try {
      scope.resources.push(normalizeConfigItem(items[i], 'snapshot'));
    } catch (error) {
      if (error instanceof UnsupportedResourceError) {
        const id = (items[i] as { resourceId?: unknown }).resourceId;
        scope.unsupported.push({ file, type: error.resourceType, id: typeof id === 'string' ? id : `#${i}` });
      } else {
        scope.problems.push(problemOf(error, file, { item: `configurationItems[${i}]` }));
      }
    }
  }
  return scope;
}
