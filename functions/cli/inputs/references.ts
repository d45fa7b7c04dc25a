import type { RawTemplate } from '../../rulebook/normalizers/cloudformation/parse-template';

/** The pseudo parameters CloudFormation defines; `!Ref AWS::Anything-else` is rejected. */
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** A reference in a resource that names nothing the template defines. */
export interface BadReference {
  /** Logical id of the resource holding the reference. */
  resource: string;
  /** As written: `!Ref Rotate`, `!GetAtt Missing.Arn`, `${Missing}` in !Sub, `DependsOn Missing`. */
  reference: string;
}

/**
 * Every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable and `DependsOn` of the resources that names no
 * parameter, resource or pseudo parameter. CloudFormation rejects such a template ("Unresolved
 * resource dependencies"), so the scanner does too instead of reporting the value as unknown.
 * Only for a template without a Transform: a macro (SAM) creates resources the template may name.
 */
export function badReferences(template: RawTemplate): BadReference[] {
  const resources = template.Resources;
  const isResource = (id: string) => Object.hasOwn(resources, id);
  const isRefTarget = (id: string) =>
    isResource(id) || Object.hasOwn(template.Parameters, id) || PSEUDO_PARAMETERS.has(id);
  const bad: BadReference[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const report = (reference: string) => bad.push({ resource: logicalId, reference });
    const dependsOn = (resource as { DependsOn?: unknown }).DependsOn;
    for (const id of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) {
      if (typeof id === 'string' && !isResource(id)) report(`DependsOn ${id}`);
    }
    walk(resource.Properties, (fn, arg) => {
      if (fn === 'Ref') {
        if (typeof arg === 'string' && !isRefTarget(arg)) report(`!Ref ${arg}`);
      } else if (fn === 'Fn::GetAtt') {
        const target = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
        if (typeof target === 'string' && !isResource(target)) report(`!GetAtt ${target}`);
      } else if (fn === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, undefined];
        if (typeof text !== 'string') return;
        const local = typeof vars === 'object' && vars !== null ? vars : {};
        for (const name of subVariables(text)) {
          const target = name.includes('.') && !name.startsWith('AWS::') ? name.split('.')[0]! : name;
          if (Object.hasOwn(local, name)) continue;
          if (name.includes('.') ? !isResource(target) : !isRefTarget(name)) report(`\${${name}} in !Sub`);
        }
      }
    });
  }
  return bad;
}

/** `${Name}` and `${Name.Attr}` of a `Fn::Sub` string; `${!Literal}` is text, not a variable. */
function subVariables(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = match[1]!.trim();
    if (name !== '' && !name.startsWith('!')) names.push(name);
  }
  return names;
}

/** Calls `visit` with each intrinsic function (a one-key object `{ Ref | Fn::*: arg }`) in `value`. */
function walk(value: unknown, visit: (fn: string, arg: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref' || key.startsWith('Fn::')) visit(key, arg);
  }
  for (const [, child] of entries) walk(child, visit);
}
