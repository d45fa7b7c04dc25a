import { InputError } from '../errors';

/** A top-level key of a YAML template: at column 0, optionally quoted. */
const YAML_TEMPLATE_KEY = /^["']?(Resources|AWSTemplateFormatVersion)["']?\s*:/m;

/** True when YAML text has `Resources:` or `AWSTemplateFormatVersion:` at its top level. */
export function isYamlTemplate(text: string): boolean {
  return YAML_TEMPLATE_KEY.test(text);
}

/** True when a parsed JSON document is a CloudFormation template (by its top-level keys). */
export function isJsonTemplate(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    ('Resources' in body || 'AWSTemplateFormatVersion' in body)
  );
}

/**
 * The error for an input given to the wrong command: names what the file is and the command that
 * reads it, e.g. `a CloudFormation template, not events: use compliance-bot scan FILE`.
 */
export function wrongCommand(file: string, what: string, command: 'scan' | 'evaluate'): InputError {
  return new InputError(file, `${what}: use \`compliance-bot ${command} ${file}\``);
}

/** What `evaluate` was given, when it is an input of `scan` (a template or a Config snapshot). */
export function scanInputKind(text: string, body?: unknown): string | undefined {
  if (body === undefined) return isYamlTemplate(text) ? 'a CloudFormation template, not events' : undefined;
  if (isJsonTemplate(body)) return 'a CloudFormation template, not events';
  if (typeof body === 'object' && body !== null && 'configurationItems' in body) {
    return 'an AWS Config snapshot file, not events';
  }
  return undefined;
}

/**
 * What `scan` was given, when it is an input of `evaluate`: JSON lines, an EventBridge event (or a
 * list of them) or a CloudTrail log file. Only asked once the text failed to load as a template.
 */
export function evaluateInputKind(text: string): string | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const first = trimmed.slice(0, trimmed.indexOf('\n') >>> 0);
    try {
      body = JSON.parse(first);
    } catch {
      return undefined;
    }
    return isEvent(body) ? 'JSON lines of events, not a template or Config snapshot' : undefined;
  }
  if (Array.isArray(body) && body.length > 0 && body.every(isEvent)) {
    return 'a list of EventBridge events, not a template or Config snapshot';
  }
  if (isEvent(body)) return 'an EventBridge event, not a template or Config snapshot';
  if (typeof body === 'object' && body !== null && Array.isArray((body as { Records?: unknown }).Records)) {
    return 'a CloudTrail log file, not a template or Config snapshot';
  }
  return undefined;
}

function isEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'detail-type' in value && 'source' in value;
}
