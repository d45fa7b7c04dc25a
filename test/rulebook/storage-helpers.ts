import { configItemFromEvent, fixture } from '../support/rule-harness';

/** A configuration item as stored in the fixtures, typed loosely enough to mutate in a test case. */
export interface CI {
  configuration: Record<string, unknown>;
  supplementaryConfiguration: Record<string, unknown>;
  tags: Record<string, string>;
  [key: string]: unknown;
}

/** A fresh copy of `test/fixtures/storage/<name>.json`. */
export function storageItem(name: string): CI {
  return structuredClone(fixture<CI>(`storage/${name}.json`));
}

/** A fresh copy of the configuration item inside `test/fixtures/events/<name>.json`. */
export function eventItem(name: string): CI {
  return configItemFromEvent(`events/${name}.json`) as CI;
}

/** A template with one parameter `Hidden` (set at deploy time: no Default) and the given resources. */
export function template(resources: Record<string, unknown>): Record<string, unknown> {
  return {
    Parameters: { Hidden: { Type: 'String' } },
    Resources: resources,
  };
}

/** `!Ref Hidden` in long form: a value the scanner cannot know. */
export const HIDDEN = { Ref: 'Hidden' } as const;
