import type { ParameterDefault } from '../../model/finding';
import { Unknown } from '../../model/unknown';
import type { RawTemplate } from './parse-template';
import { DeployTimeValue } from './reference';

/** One entry of a template's `Parameters` section. */
export type ParameterDeclaration = RawTemplate['Parameters'][string];

/**
 * `AWS::SSM::Parameter::Value<...>`: the value is read from Systems Manager at deploy time; the
 * `Default` (or a value given at deploy) is the name of the SSM parameter, not the value.
 */
export function isSsmValueType(type: unknown): boolean {
  return typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value<');
}

/** `CommaDelimitedList` and `List<...>` (e.g. `List<AWS::EC2::Subnet::Id>`): `Ref` yields a list. */
function isListType(type: unknown): boolean {
  return typeof type === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'));
}

/** `NoEcho: true` (or `"true"`): CloudFormation masks the value, so the scanner never shows it. */
export function isNoEcho(declaration: ParameterDeclaration): boolean {
  const noEcho = declaration.NoEcho;
  return noEcho === true || (typeof noEcho === 'string' && noEcho.toLowerCase() === 'true');
}

/**
 * What `Ref` to parameter `name` yields when its value is `value` (its `Default`, or a value given
 * with `--parameter`), as CloudFormation passes it: a string for `String`, `Number` and the
 * AWS-specific types (`Ref` of a Number is a string too), a list of trimmed strings for
 * `CommaDelimitedList` and `List<...>`, and an Unknown for an SSM parameter value, which only
 * Systems Manager knows.
 */
export function parameterValue(name: string, declaration: ParameterDeclaration, value: unknown): unknown {
  if (isSsmValueType(declaration.Type)) {
    const ssmName = JSON.stringify(textOf(value));
    return new DeployTimeValue(
      `parameter ${name} (SSM parameter ${ssmName})`,
      `parameter ${name} is read from SSM parameter ${ssmName} at deploy time`,
    );
  }
  if (isListType(declaration.Type)) {
    if (Array.isArray(value) && value.every(isScalar)) return value.map(String);
    if (isScalar(value))
      return String(value)
        .split(',')
        .map((item) => item.trim());
  } else if (isScalar(value)) {
    return String(value);
  }
  return new Unknown(`parameter ${name} has a value that is not a string`);
}

/** The default of a parameter as findings show it: the text as written, never a NoEcho value. */
export function parameterDefault(name: string, declaration: ParameterDeclaration): ParameterDefault {
  if (isNoEcho(declaration)) return { parameter: name, noEcho: true };
  return { parameter: name, value: textOf(declaration.Default) };
}

/**
 * Why CloudFormation would reject `value` for a parameter so declared, or undefined when it takes
 * it: a `Number` (or an item of a `List<Number>`) that is not a number, and the constraints
 * `AllowedPattern` (the whole value, or each item of a list, must match), `MinLength`/`MaxLength`
 * (of a `String`) and `MinValue`/`MaxValue` (of a `Number`). `AllowedValues` is checked apart.
 * AWS-specific types (`AWS::EC2::VPC::Id`...) are not checked: whether the id exists is known
 * only to the account.
 */
export function parameterValueProblem(declaration: ParameterDeclaration, value: string): string | undefined {
  const type = declaration.Type ?? 'String';
  const list = isListType(type);
  const items = list ? value.split(',').map((item) => item.trim()) : [value];
  if (type === 'Number' || type === 'List<Number>') {
    const bad = items.find((item) => !isNumber(item));
    if (bad !== undefined)
      return list
        ? `item "${bad}" is not a number (the parameter's Type is ${type})`
        : `not a number (the parameter's Type is ${type})`;
  }
  const pattern = declaration.AllowedPattern;
  if (typeof pattern === 'string') {
    const regex = anchored(pattern);
    if (regex && items.some((item) => !regex.test(item)))
      return `does not match the parameter's AllowedPattern ${pattern}`;
  }
  if (type === 'String') {
    const min = numberOf(declaration.MinLength);
    const max = numberOf(declaration.MaxLength);
    if (min !== undefined && value.length < min) return `shorter than the parameter's MinLength ${min}`;
    if (max !== undefined && value.length > max) return `longer than the parameter's MaxLength ${max}`;
  }
  if (type === 'Number') {
    const min = numberOf(declaration.MinValue);
    const max = numberOf(declaration.MaxValue);
    if (min !== undefined && Number(value) < min) return `less than the parameter's MinValue ${min}`;
    if (max !== undefined && Number(value) > max) return `more than the parameter's MaxValue ${max}`;
  }
  return undefined;
}

/** A decimal number as CloudFormation reads a `Number` parameter: an integer or a float. */
function isNumber(text: string): boolean {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text.trim());
}

function numberOf(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && isNumber(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The pattern matched against the whole value, as CloudFormation does; undefined if JavaScript cannot read it. */
function anchored(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/**
 * The texts a NoEcho parameter's value could show as in a message: the whole value and, for a list
 * type, the list as `Ref` joins it and each item. Empty for any other parameter.
 */
export function secretTexts(name: string, declaration: ParameterDeclaration, value: unknown): string[] {
  if (!isNoEcho(declaration) || value === undefined) return [];
  const resolved = parameterValue(name, declaration, value);
  const texts = Array.isArray(resolved)
    ? [typeof value === 'string' ? value : '', resolved.join(','), ...resolved]
    : [typeof value === 'string' ? value : '', typeof resolved === 'string' ? resolved : ''];
  return [...new Set(texts.filter((text) => text !== ''))];
}

/**
 * Every text a scan of `template` must never show: the `Default` and the `--parameter` value of each
 * NoEcho parameter (a secret given at deploy is as secret as one written as the default).
 */
export function noEchoSecrets(template: RawTemplate, given: Readonly<Record<string, string>> = {}): string[] {
  const out = new Set<string>();
  for (const [name, declaration] of Object.entries(template.Parameters)) {
    for (const value of [declaration.Default, given[name]])
      for (const text of secretTexts(name, declaration, value)) out.add(text);
  }
  return [...out];
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(textOf).join(',');
  return isScalar(value) ? String(value) : (JSON.stringify(value) ?? '');
}
