import { type Maybe, Unknown } from '../../model/unknown';
import { ResourceReference } from '../cloudformation/reference';
import type { CfnResource, TemplateScope } from '../normalizer';
import { asArray, asString, get } from '../values';

/**
 * Small readers shared by the network and compute normalizers (security groups, subnets, route
 * tables, load balancers, ECS). Like `values.ts` they never throw.
 */

/** A list of strings; Unknown when the list is hidden, Unknown entries where single items are. */
export function stringList(value: unknown): Maybe<Array<Maybe<string>>> | undefined {
  const list = asArray(value);
  if (list === undefined || list instanceof Unknown) return list;
  const out: Array<Maybe<string>> = [];
  for (const item of list) {
    // The resource schema writes string lists as `<field>.value`: accept `{ value }` entries too.
    const text = asString(isValueWrapper(item) ? item.value : item);
    if (text !== undefined) out.push(text);
  }
  return out;
}

function isValueWrapper(item: unknown): item is { value: unknown } {
  return typeof item === 'object' && item !== null && !(item instanceof Unknown) && 'value' in item;
}

/** A list of plain strings only; Unknown when any entry is. */
export function plainStringList(value: unknown): Maybe<string[]> | undefined {
  const list = stringList(value);
  if (list === undefined || list instanceof Unknown) return list;
  const hidden = list.find((item) => item instanceof Unknown);
  if (hidden instanceof Unknown) return hidden;
  return list as string[];
}

/** Config items carry some states as `"available"`, advanced query as `{ value: "available" }`. */
export function stateOf(value: unknown): Maybe<string> | undefined {
  if (typeof value === 'object' && value !== null && !(value instanceof Unknown)) {
    return asString(get(value, 'value') ?? get(value, 'Value') ?? get(value, 'code') ?? get(value, 'name'));
  }
  return asString(value);
}

/** The first defined value among several spellings of one field (PascalCase / camelCase CI shapes). */
export function either(record: unknown, ...keys: string[]): unknown {
  for (const key of keys) {
    const value = get(record, key);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** The template resource a `!Ref` / `!GetAtt` points at, when it is in the same template. */
export function referenced(scope: TemplateScope, value: unknown, type?: string): CfnResource | undefined {
  if (!(value instanceof ResourceReference)) return undefined;
  const resource = scope.byId(value.logicalId);
  return resource && (type === undefined || resource.type === type) ? resource : undefined;
}

/** Protocol numbers the EC2 API accepts in place of names. */
const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function protocolName(value: unknown): Maybe<string> {
  const text = asString(value);
  if (text === undefined) return '-1';
  if (text instanceof Unknown) return text;
  const lower = text.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}
