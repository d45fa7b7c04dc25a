import type { FindingSource, ResourceBase, TemplateLocation } from '../model/resource';
import type { Maybe } from '../model/unknown';
import { ResourceReference } from './cloudformation/reference';
import { type ConfigItem, isDeletedItem } from './config-item';
import { findPlaintextSecrets } from './secrets';
import { tagsFrom } from './values';

/** A template resource with its properties resolved (Unknown leaves where intrinsics hide values). */
export interface CfnResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  file: string;
  line?: number;
  /** The resource's `Condition` when it is undecided offline (false ones are never normalized). */
  condition?: string;
}

/**
 * The whole template, for normalizers that fold separate resources into one model
 * (a bucket and its `AWS::S3::BucketPolicy`, a security group and its `SecurityGroupIngress` rules).
 */
export interface TemplateScope {
  file: string;
  /**
   * Every resource, in template order. A normalizer looks others up with the indexed methods below,
   * never by scanning this: one scan per resource is quadratic in the size of the template.
   */
  resources: readonly CfnResource[];
  /** Resources of `type` whose property `property` is `!Ref logicalId` (or `!GetAtt logicalId.*`). */
  referencing(type: string, property: string, logicalId: string): CfnResource[];
  /** The resource with this logical id, if the template has it. */
  byId(logicalId: string): CfnResource | undefined;
  /** The resources of one type, in template order. */
  ofType(type: string): readonly CfnResource[];
  /** The other resources whose properties mention `logicalId` anywhere (`!Ref`, `!GetAtt`, in `!Sub`). */
  mentioning(logicalId: string): readonly CfnResource[];
}

/**
 * Builds one normalized model from each input form. One file per resource type in
 * `normalizers/resources/`; the generated `normalizers/index.ts` registers them all.
 */
export interface ResourceNormalizer<M extends ResourceBase = ResourceBase> {
  /** The CloudFormation / Config type this normalizer produces, e.g. `AWS::S3::Bucket`. */
  resourceType: string;
  /**
   * Other CloudFormation types `fromCloudFormation` reads into this model through the template scope
   * (a bucket's `AWS::S3::BucketPolicy`): checked as part of this resource, so never "not checked".
   */
  readsTypes?: readonly string[];
  fromConfigItem(item: ConfigItem, source: Extract<FindingSource, 'config' | 'snapshot'>): M;
  fromCloudFormation(resource: CfnResource, scope: TemplateScope): M;
}

export function defineNormalizer<M extends ResourceBase>(
  normalizer: ResourceNormalizer<M>,
): ResourceNormalizer<M> {
  return Object.freeze(normalizer);
}

/**
 * The fields every model shares, from a Config item. Built by assignment, not conditional spreads:
 * this runs once per item on the hot path, and normalizers extend the result in place with
 * `Object.assign(baseFromConfigItem(item, source), {...})` (never `{...base, ...}`, which is V8's
 * slow clone path, microseconds per object). Key order is the same as before: name, arn, accountId,
 * region only when set.
 */
export function baseFromConfigItem(
  item: ConfigItem,
  source: Extract<FindingSource, 'config' | 'snapshot'>,
): ResourceBase {
  const base: ResourceBase = { type: item.resourceType, id: item.resourceId } as ResourceBase;
  if (item.resourceName) base.name = item.resourceName;
  if (item.ARN) base.arn = item.ARN;
  if (item.awsAccountId) base.accountId = item.awsAccountId;
  if (item.awsRegion) base.region = item.awsRegion;
  base.source = source;
  base.tags = item.tags;
  if (isDeletedItem(item)) base.deleted = true;
  return base;
}

/** The fields every model shares, from a template resource; `Tags` is read from the usual property. */
export function baseFromCloudFormation(
  resource: CfnResource,
  tags: unknown = resource.properties.Tags,
): ResourceBase {
  const name = resource.properties[nameProperty(resource.type)];
  const base: ResourceBase = { type: resource.type, id: resource.logicalId } as ResourceBase;
  if (typeof name === 'string') base.name = name;
  base.source = 'cloudformation';
  const location: TemplateLocation = { file: resource.file, logicalId: resource.logicalId };
  if (resource.line) location.line = resource.line;
  if (resource.condition) location.condition = resource.condition;
  base.location = location;
  base.tags = (tagsFrom(tags) ?? {}) as Maybe<Record<string, Maybe<string>>>;
  base.plaintextSecrets = findPlaintextSecrets(resource.properties);
  return base;
}

const SPECIAL_NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::KMS::Key': 'Description',
};

/** Most types name themselves `<Thing>Name` (BucketName, FunctionName, TableName, ...). */
function nameProperty(type: string): string {
  return SPECIAL_NAME_PROPERTIES[type] ?? `${type.split('::')[2] ?? ''}Name`;
}

/** True when `value` is `!Ref logicalId` or `!GetAtt logicalId.*`. */
export function refersTo(value: unknown, logicalId: string): boolean {
  return value instanceof ResourceReference && value.logicalId === logicalId;
}
