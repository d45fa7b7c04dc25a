import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceBase } from '../../functions/rulebook/model/resource';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import { configItemFromEvent, FIXTURES } from '../support/rule-harness';

/** A configuration item from `test/fixtures/network/` (stored as the bare `configurationItem`). */
export function networkItem(
  name: string,
): Record<string, unknown> & { configuration: Record<string, unknown> } {
  return structuredClone(JSON.parse(readFileSync(join(FIXTURES, 'network', name), 'utf8')));
}

/** The configuration item of one of the shared EventBridge fixtures in `test/fixtures/events/`. */
export function eventItem(
  name: string,
): Record<string, unknown> & { configuration: Record<string, unknown> } {
  return configItemFromEvent(`events/${name}`) as Record<string, unknown> & {
    configuration: Record<string, unknown>;
  };
}

/** Normalized models of several Config items, for inventory-backed cases. */
export function normalized(...items: unknown[]): ResourceBase[] {
  return items.map((item) => normalizeConfigItem(item, 'snapshot'));
}

/** Reads a template fixture from `test/fixtures/templates/`. */
export function templateText(name: string): string {
  return readFileSync(join(FIXTURES, 'templates', name), 'utf8');
}
