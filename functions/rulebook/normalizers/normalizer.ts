import type { FindingSource, ResourceBase } from '../model/resource';
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
}

/**
 * The whole template, for normalizers that fold separate resources into one model
 * (a bucket and its `AWS::S3::BucketPolicy`, a security group and its `SecurityGroupIngress` rules).
 */
export interface TemplateScope {
  file: string;
  resources: readonly CfnResource[];
  /** Resources of `type` whose property `property` is `!Ref logicalId` (or `!GetAtt logicalId.*`). */
  referencing(type: string, property: string, logicalId: string): CfnResource[];
}

/**
 * Builds one normalized model from each input form. One file per resource type in
 * `normalizers/resources/`; the generated `normalizers/index.ts` registers them all.
 */
export interface ResourceNormalizer<M extends ResourceBase = ResourceBase> {
  /** The CloudFormation / Config type this normalizer produces, e.g. `AWS::S3::Bucket`. */
  resourceType: string;
  fromConfigItem(item: ConfigItem, source: Extract<FindingSource, 'config' | 'snapshot'>): M;
  fromCloudFormation(resource: CfnResource, scope: TemplateScope): M;
}

export function defineNormalizer<M extends ResourceBase>(
  normalizer: ResourceNormalizer<M>,
): ResourceNormalizer<M> {
  return Object.freeze(normalizer);
}

/** The fields every model shares, from a Config item. */
export function baseFromConfigItem(
  item: ConfigItem,
  source: Extract<FindingSource, 'config' | 'snapshot'>,
): ResourceBase {
  return {
    type: item.resourceType,
    id: item.resourceId,
    ...(item.resourceName ? { name: item.resourceName } : {}),
    ...(item.ARN ? { arn: item.ARN } : {}),
    ...(item.awsAccountId ? { accountId: item.awsAccountId } : {}),
    ...(item.awsRegion ? { region: item.awsRegion } : {}),
    source,
    tags: item.tags,
    ...(isDeletedItem(item) ? { deleted: true } : {}),
  };
}

/** The fields every model shares, from a template resource; `Tags` is read from the usual property. */
export function baseFromCloudFormation(
  resource: CfnResource,
  tags: unknown = resource.properties.Tags,
): ResourceBase {
  const name = resource.properties[nameProperty(resource.type)];
  return {
    type: resource.type,
    id: resource.logicalId,
    ...(typeof name === 'string' ? { name } : {}),
    source: 'cloudformation',
    location: {
      file: resource.file,
      logicalId: resource.logicalId,
      ...(resource.line ? { line: resource.line } : {}),
    },
    tags: (tagsFrom(tags) ?? {}) as Maybe<Record<string, Maybe<string>>>,
    plaintextSecrets: findPlaintextSecrets(resource.properties),
  };
}

/** Most types name themselves `<Thing>Name` (BucketName, FunctionName, TableName, ...). */
function nameProperty(type: string): string {
  const thing = type.split('::')[2] ?? '';
  const special: Record<string, string> = {
    'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
    'AWS::KMS::Key': 'Description',
  };
  return special[type] ?? `${thing}Name`;
}

/** True when `value` is `!Ref logicalId` or `!GetAtt logicalId.*`. */
export function refersTo(value: unknown, logicalId: string): boolean {
  return value instanceof ResourceReference && value.logicalId === logicalId;
}
