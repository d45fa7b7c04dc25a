import { NormalizationError } from '../errors';
import { parseJsonish } from './values';

/**
 * An AWS Config configuration item in the notification / snapshot model (the shape EventBridge
 * "Config Configuration Item Change" events and `deliver-config-snapshot` files carry). Items in the
 * API model (`GetResourceConfigHistory`, `BatchGetResourceConfig`) are converted by `toConfigItem`.
 */
export interface ConfigItemRelationship {
  resourceId?: string;
  resourceName?: string;
  resourceType?: string;
  name?: string;
}

export interface ConfigItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  ARN?: string;
  awsAccountId?: string;
  awsRegion?: string;
  availabilityZone?: string;
  configurationItemStatus?: string;
  configurationItemCaptureTime?: string;
  configuration: Record<string, unknown>;
  /**
   * `supplementaryConfiguration` as delivered: values may still be JSON text (S3's
   * AccessControlList, every value in the API model). Read them with `supplementary(item, key)`,
   * which parses JSON text when asked (an `Unknown` when it is not valid JSON), so documents no
   * rule reads are never parsed.
   */
  rawSupplementaryConfiguration: Readonly<Record<string, unknown>>;
  tags: Record<string, string>;
  relationships: ConfigItemRelationship[];
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * One supplementary configuration value, parsed if it is JSON text: the same value `toConfigItem`
 * used to store for every key, now computed only for the keys a normalizer reads. Never throws.
 */
export function supplementary(item: ConfigItem, key: string): unknown {
  const raw = item.rawSupplementaryConfiguration;
  return Object.hasOwn(raw, key) ? parseJsonish(raw[key]) : undefined;
}

const DELETED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

export function isDeletedItem(item: ConfigItem): boolean {
  return item.configurationItemStatus !== undefined && DELETED_STATUSES.has(item.configurationItemStatus);
}

/**
 * Accepts either model (or an item it already converted) and returns the notification model. The API model differs in names
 * (`accountId`, `arn`, `relationshipName`) and carries `configuration` and supplementary values as
 * JSON strings (AWS Config developer guide, "evaluate-config_develop-rules_nodejs-sample").
 */
export function toConfigItem(raw: unknown): ConfigItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new NormalizationError('configuration item is not an object');
  }
  const r = raw as Record<string, unknown>;
  const resourceType = r.resourceType;
  const resourceId = r.resourceId;
  if (typeof resourceType !== 'string' || resourceType === '') {
    throw new NormalizationError('configuration item has no resourceType');
  }
  if (typeof resourceId !== 'string' || resourceId === '') {
    throw new NormalizationError(`configuration item of type ${resourceType} has no resourceId`);
  }
  const configuration = parseJsonish(r.configuration);
  // An item this function already converted (what the ConfigItemSource adapters return) keeps its
  // supplementary values under `rawSupplementaryConfiguration`: converting it again must keep them.
  const supplementary = parseJsonish(r.supplementaryConfiguration ?? r.rawSupplementaryConfiguration);
  // Plain loops, no Object.entries / map closures: this runs once per item on the hot path.
  const relationships: ConfigItemRelationship[] = [];
  if (Array.isArray(r.relationships)) {
    for (const rel of r.relationships as Array<Record<string, unknown> | null | undefined>) {
      relationships.push({
        resourceId: str(rel?.resourceId),
        resourceName: str(rel?.resourceName),
        resourceType: str(rel?.resourceType),
        name: str(rel?.name) ?? str(rel?.relationshipName),
      });
    }
  }
  return {
    resourceType,
    resourceId,
    resourceName: str(r.resourceName),
    ARN: str(r.ARN) ?? str(r.arn),
    awsAccountId: str(r.awsAccountId) ?? str(r.accountId),
    awsRegion: str(r.awsRegion),
    availabilityZone: str(r.availabilityZone),
    configurationItemStatus: str(r.configurationItemStatus),
    configurationItemCaptureTime: timestamp(r.configurationItemCaptureTime),
    configuration: isRecord(configuration) ? configuration : {},
    rawSupplementaryConfiguration: isRecord(supplementary) ? supplementary : EMPTY,
    tags: toTagMap(r.tags),
    relationships,
  };
}

const OWN = { enumerable: true, writable: true, configurable: true } as const;

function toTagMap(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const tag of value as Array<Record<string, unknown>>) {
      const key = tag?.key ?? tag?.Key;
      if (typeof key === 'string') out[key] = tagText(tag?.value ?? tag?.Value);
    }
    return out;
  }
  if (isRecord(value)) {
    const out: Record<string, string> = {};
    for (const key of Object.keys(value)) {
      // An own "__proto__" key stays a tag, as with Object.fromEntries.
      if (key === '__proto__') Object.defineProperty(out, key, { value: tagText(value[key]), ...OWN });
      else out[key] = tagText(value[key]);
    }
    return out;
  }
  return {};
}

/** Tag values are strings; anything else (never sent by AWS) becomes text without calling its toString. */
function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : (JSON.stringify(value) ?? '');
}

/** ISO text; the SDK's API model deserializes timestamps to `Date`. */
function timestamp(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return str(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
