import { configItemFromEvent, fixture } from '../support/rule-harness';

/**
 * Fixtures of the identity / serverless / logging area (test/fixtures/iam, see SOURCES.md there):
 * each call returns a fresh copy that a test may mutate.
 */
export type Item = Record<string, unknown> & {
  configuration: Record<string, unknown>;
  tags: Record<string, unknown>;
};

const load = (name: string): Item => structuredClone(fixture<Item>(`iam/${name}`));

export const roleItem = () => load('config-ci-iam-role.json');
export const userItem = () => load('config-ci-iam-user.json');
export const lambdaItem = () => load('config-ci-lambda-function.json');
export const trailItem = () => load('config-ci-cloudtrail-trail.json');
export const logGroupItem = () => load('config-ci-logs-loggroup.json');
export const detectorItem = () => load('config-ci-guardduty-detector.json');
export const recorderItem = () => load('config-ci-config-recorder.json');
export const policyItem = () => configItemFromEvent('events/config-ci-iam-policy.json') as Item;

/** IAM stores policy documents URL-encoded in configuration items. */
export const encodeDocument = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc));

/** A template with one resource, plus optional parameters and extra resources. */
export function template(
  type: string,
  properties: Record<string, unknown>,
  extra: { parameters?: Record<string, unknown>; resources?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    ...(extra.parameters ? { Parameters: extra.parameters } : {}),
    Resources: { Subject: { Type: type, Properties: properties }, ...(extra.resources ?? {}) },
  };
}
