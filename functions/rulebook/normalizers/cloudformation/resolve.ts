import { isDeepStrictEqual } from 'node:util';
import { Unknown } from '../../model/unknown';
import { isNoEcho, type ParameterDeclaration, parameterValue } from './parameters';
import type { RawTemplate } from './parse-template';
import { DeployTimeValue, PartialString, ResourceReference } from './reference';

/**
 * Resolves intrinsic functions where the result is known before deploy, and replaces every other
 * value with `Unknown` (or a `ResourceReference`), so normalizers see plain data with Unknown leaves.
 *
 * Known: literals, parameters given with `--parameter`, parameters that allow one value only,
 * `Fn::Join`/`Fn::Sub`/`Fn::Select`/`Fn::Split`/`Fn::FindInMap` over known inputs, `Fn::If` on a
 * condition that is known or whose branches are equal, `AWS::NoValue`.
 * Taken from the template, as cfn-nag and checkov do: a parameter's `Default` when no value is
 * given (a deploy can override it, so each use is recorded in `defaultsUsed` and the scan says which
 * results depend on it), except for SSM parameter types, whose default names an SSM parameter.
 * Not known: parameters with neither, pseudo parameters, `Fn::ImportValue`, `Fn::GetAZs`,
 * `Fn::Cidr`, attributes of other resources.
 */
export interface ResolveContext {
  template: RawTemplate;
  /** Parameter values given by the user (`--parameter Key=Value`), which are certain. */
  parameters?: Record<string, string>;
  /**
   * Parameters whose `Default` is not used, as if they declared none: every parameter when `true`.
   * The scan resolves without a default to learn which results depend on it.
   */
  withoutDefaults?: true | ReadonlySet<string>;
  /** Receives the name of every parameter whose `Default` was used. */
  defaultsUsed?: Set<string>;
}

const NO_VALUE = Symbol('AWS::NoValue');

export function resolveValue(value: unknown, ctx: ResolveContext): unknown {
  const resolved = resolve(value, ctx, 0);
  return resolved === NO_VALUE ? undefined : resolved;
}

const MAX_DEPTH = 64;

function resolve(value: unknown, ctx: ResolveContext, depth: number): unknown {
  if (depth > MAX_DEPTH) return new Unknown('template value nested too deeply');
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, ctx, depth + 1)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object' || value instanceof Unknown) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref' || key.startsWith('Fn::')) return intrinsic(key, arg, ctx, depth + 1);
  }
  const out: Record<string, unknown> = {};
  let transform: unknown;
  for (const [key, item] of entries) {
    if (key === 'Fn::Transform') {
      transform = item;
      continue;
    }
    const resolved = resolve(item, ctx, depth + 1);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return transform === undefined ? out : withTransformedKeys(out, transform);
}

/**
 * A map with an `Fn::Transform` beside its keys (an `AWS::Include` snippet merged into a resource's
 * `Properties`): the keys written are known; any other key may come from the transform, which runs
 * at deploy time only, so reading it gives Unknown, never "absent".
 */
function withTransformedKeys(known: Record<string, unknown>, transform: unknown): Record<string, unknown> {
  const name = (transform as { Name?: unknown } | null)?.Name;
  const location = (transform as { Parameters?: { Location?: unknown } } | null)?.Parameters?.Location;
  const what = `${typeof name === 'string' ? name : 'Fn::Transform'}${typeof location === 'string' ? ` ${location}` : ''}`;
  const cause = new Unknown(`may be set by ${what}: transform not run offline`);
  return new Proxy(known, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && key !== 'toJSON' && key !== 'then') return cause;
      return Reflect.get(target, key, receiver);
    },
  });
}

function intrinsic(fn: string, arg: unknown, ctx: ResolveContext, depth: number): unknown {
  switch (fn) {
    case 'Ref':
      return ref(arg, ctx);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return new ResourceReference(
        String(logicalId),
        attribute === undefined ? undefined : String(attribute),
      );
    }
    case 'Fn::If':
      return fnIf(arg, ctx, depth);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Join');
      const delimiter = resolve(arg[0], ctx, depth);
      const list = resolve(arg[1], ctx, depth);
      if (typeof delimiter !== 'string') return unknownFrom(delimiter, 'Fn::Join delimiter');
      if (!Array.isArray(list)) return unknownFrom(list, 'Fn::Join list');
      const parts: Array<string | Unknown> = [];
      list.forEach((item, index) => {
        if (index > 0) parts.push(delimiter);
        if (item instanceof PartialString) parts.push(...item.parts);
        else
          parts.push(
            typeof item === 'string' || typeof item === 'number'
              ? String(item)
              : unknownFrom(item, 'Fn::Join element'),
          );
      });
      return joinParts(parts, 'Fn::Join');
    }
    case 'Fn::Sub':
      return fnSub(arg, ctx, depth);
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Select');
      const index = Number(resolve(arg[0], ctx, depth));
      const list = resolve(arg[1], ctx, depth);
      if (!Array.isArray(list) || !Number.isInteger(index)) return unknownFrom(list, 'Fn::Select');
      return list[index] ?? new Unknown('Fn::Select index out of range');
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Split');
      const delimiter = resolve(arg[0], ctx, depth);
      const source = resolve(arg[1], ctx, depth);
      if (typeof delimiter !== 'string' || typeof source !== 'string')
        return unknownFrom(source, 'Fn::Split');
      return source.split(delimiter);
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(arg) || arg.length < 3) return new Unknown('malformed Fn::FindInMap');
      const keys = arg.slice(0, 3).map((k) => resolve(k, ctx, depth));
      const bad = keys.find((k) => typeof k !== 'string');
      if (bad !== undefined) return unknownFrom(bad, 'Fn::FindInMap key');
      const [map, top, second] = keys as string[];
      const found = ctx.template.Mappings[map!]?.[top!]?.[second!];
      return found === undefined
        ? new Unknown(`no mapping ${map}.${top}.${second}`)
        : resolve(found, ctx, depth);
    }
    case 'Fn::Base64': {
      const source = resolve(arg, ctx, depth);
      return typeof source === 'string'
        ? Buffer.from(source).toString('base64')
        : unknownFrom(source, 'Fn::Base64');
    }
    case 'Fn::ToJsonString': {
      const source = resolve(arg, ctx, depth);
      return containsUnknown(source)
        ? new Unknown('Fn::ToJsonString of an unknown value')
        : JSON.stringify(source);
    }
    case 'Fn::ImportValue':
      return new Unknown('Fn::ImportValue is resolved only at deploy time');
    case 'Fn::GetAZs':
      return new Unknown('Fn::GetAZs depends on the account and region');
    case 'Fn::Cidr':
      return new Unknown('Fn::Cidr is resolved only at deploy time');
    default:
      return new Unknown(`${fn} is not resolved offline`);
  }
}

function ref(arg: unknown, ctx: ResolveContext): unknown {
  if (typeof arg !== 'string') return new Unknown('malformed Ref');
  if (arg === 'AWS::NoValue') return NO_VALUE;
  if (arg.startsWith('AWS::'))
    return new DeployTimeValue(
      `pseudo parameter ${arg}`,
      `pseudo parameter ${arg} depends on the account and region`,
    );
  const parameter = ctx.template.Parameters[arg];
  return parameter ? parameterRef(arg, parameter, ctx) : new ResourceReference(arg);
}

function parameterRef(name: string, parameter: ParameterDeclaration, ctx: ResolveContext): unknown {
  const given = ctx.parameters?.[name];
  if (given !== undefined) return parameterValue(name, parameter, given);
  const allowed = parameter.AllowedValues;
  if (Array.isArray(allowed) && allowed.length === 1) return parameterValue(name, parameter, allowed[0]);
  const withheld = ctx.withoutDefaults === true || ctx.withoutDefaults?.has(name) === true;
  if (parameter.Default !== undefined && !withheld) {
    const value = parameterValue(name, parameter, parameter.Default);
    if (!(value instanceof Unknown)) ctx.defaultsUsed?.add(name);
    return value;
  }
  const hint =
    parameter.Default === undefined || isNoEcho(parameter)
      ? ''
      : ` (default ${JSON.stringify(parameter.Default)})`;
  return new DeployTimeValue(`parameter ${name}${hint}`, `parameter ${name} is set at deploy time${hint}`);
}

function fnIf(arg: unknown, ctx: ResolveContext, depth: number): unknown {
  if (!Array.isArray(arg) || arg.length !== 3) return new Unknown('malformed Fn::If');
  const condition = evaluateCondition({ Condition: arg[0] }, ctx, depth);
  if (condition === true) return resolve(arg[1], ctx, depth);
  if (condition === false) return resolve(arg[2], ctx, depth);
  const whenTrue = resolve(arg[1], ctx, depth);
  const whenFalse = resolve(arg[2], ctx, depth);
  if (!containsUnknown(whenTrue) && isDeepStrictEqual(whenTrue, whenFalse)) return whenTrue;
  return new Unknown(`depends on condition ${String(arg[0])}`);
}

/** Evaluates a condition expression; Unknown when it depends on something set at deploy time. */
export function evaluateCondition(expr: unknown, ctx: ResolveContext, depth = 0): boolean | Unknown {
  if (depth > MAX_DEPTH) return new Unknown('condition nested too deeply');
  if (typeof expr === 'boolean') return expr;
  if (typeof expr !== 'object' || expr === null) return new Unknown('malformed condition');
  const [key, arg] = Object.entries(expr as Record<string, unknown>)[0] ?? [];
  switch (key) {
    case 'Condition': {
      const named = ctx.template.Conditions[String(arg)];
      return named === undefined
        ? new Unknown(`no condition ${String(arg)}`)
        : evaluateCondition(named, ctx, depth + 1);
    }
    case 'Fn::Equals': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Equals');
      const a = resolve(arg[0], ctx, depth + 1);
      const b = resolve(arg[1], ctx, depth + 1);
      if (containsUnknown(a) || containsUnknown(b))
        return unknownFrom(containsUnknown(a) ? a : b, 'Fn::Equals');
      return isDeepStrictEqual(String(a), String(b));
    }
    case 'Fn::Not': {
      const inner = evaluateCondition(Array.isArray(arg) ? arg[0] : arg, ctx, depth + 1);
      return inner instanceof Unknown ? inner : !inner;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg)) return new Unknown(`malformed ${key}`);
      const values = arg.map((item) => evaluateCondition(item, ctx, depth + 1));
      const decisive = key !== 'Fn::And';
      if (values.includes(decisive)) return decisive;
      const unknownValue = values.find((v) => v instanceof Unknown);
      return unknownValue ?? !decisive;
    }
    default:
      return new Unknown(`unsupported condition ${String(key)}`);
  }
}

function fnSub(arg: unknown, ctx: ResolveContext, depth: number): unknown {
  const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof template !== 'string') return new Unknown('malformed Fn::Sub');
  const variables = (typeof vars === 'object' && vars !== null ? vars : {}) as Record<string, unknown>;
  const parts: Array<string | Unknown> = [];
  let last = 0;
  for (const match of template.matchAll(/\$\{([^}]+)\}/g)) {
    const name = match[1]!;
    parts.push(template.slice(last, match.index));
    last = match.index + match[0].length;
    if (name.startsWith('!')) {
      parts.push(`\${${name.slice(1)}}`);
      continue;
    }
    const value =
      name in variables
        ? resolve(variables[name], ctx, depth)
        : name.includes('.')
          ? intrinsic('Fn::GetAtt', name.split('.'), ctx, depth)
          : ref(name, ctx);
    if (value instanceof PartialString) parts.push(...value.parts);
    else
      parts.push(
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : unknownFrom(value, `Fn::Sub variable ${name}`),
      );
  }
  parts.push(template.slice(last));
  return joinParts(parts, 'Fn::Sub');
}

/** Concatenates the pieces `fn` built: a plain string when all are known, else a PartialString. */
function joinParts(parts: Array<string | Unknown>, fn: 'Fn::Join' | 'Fn::Sub'): string | PartialString {
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  const merged: Array<string | Unknown> = [];
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    if (typeof part === 'string' && typeof previous === 'string') merged[merged.length - 1] = previous + part;
    else if (part !== '') merged.push(part);
  }
  return new PartialString(merged, fn);
}

function unknownFrom(value: unknown, what: string): Unknown {
  return value instanceof Unknown ? value : new Unknown(`${what} is not a plain value`);
}

/** True when the value is or contains an Unknown anywhere. */
export function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}
