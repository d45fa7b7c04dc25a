import type { FindingSource } from '../model/resource';
import type { IamPolicy } from '../model/resources/iam';
import { Unknown } from '../model/unknown';
import type { ConfigItem } from './config-item';
import { policyDocumentFrom, stringListFrom } from './iam-common';
import { baseFromCloudFormation, baseFromConfigItem, type CfnResource } from './normalizer';
import { asArray, asBoolean, asString, field } from './values';

/** Field names: awslabs/aws-config-resource-schema AWS::IAM::Policy.properties.json. */
export function iamPolicyFromConfigItem(
  item: ConfigItem,
  source: Extract<FindingSource, 'config' | 'snapshot'>,
  type: IamPolicy['type'],
): IamPolicy {
  const c = item.configuration;
  return Object.assign(baseFromConfigItem(item, source), {
    type,
    policyKind: 'managed' as const,
    document: defaultVersionDocument(c),
    // Config lists attachments as relationships ("Is attached to Role"), not in the configuration.
    attachedTo: {
      roles: relationshipNames(item, 'AWS::IAM::Role'),
      users: relationshipNames(item, 'AWS::IAM::User'),
      groups: relationshipNames(item, 'AWS::IAM::Group'),
    },
  });
}

/** Property names: AWS::IAM::Policy / AWS::IAM::ManagedPolicy in the CloudFormation template reference. */
export function iamPolicyFromCloudFormation(
  resource: CfnResource,
  type: IamPolicy['type'],
  policyKind: IamPolicy['policyKind'],
): IamPolicy {
  const p = resource.properties;
  return Object.assign(baseFromCloudFormation(resource), {
    type,
    // Neither type has a Tags property: tag rules do not apply.
    taggable: false,
    policyKind,
    document: policyDocumentFrom(p.PolicyDocument),
    attachedTo: {
      roles: stringListFrom(p.Roles),
      users: stringListFrom(p.Users),
      groups: stringListFrom(p.Groups),
    },
  });
}

function defaultVersionDocument(configuration: Record<string, unknown>): IamPolicy['document'] {
  const versions = asArray(configuration.policyVersionList);
  if (versions instanceof Unknown) return versions;
  if (!versions || versions.length === 0) return undefined;
  const defaultId = asString(configuration.defaultVersionId);
  const chosen =
    versions.find((v) => asBoolean(field(v, 'isDefaultVersion')) === true) ??
    versions.find((v) => typeof defaultId === 'string' && field(v, 'versionId') === defaultId);
  if (chosen === undefined) return new Unknown('no default policy version in the configuration item');
  return policyDocumentFrom(field(chosen, 'document'));
}

function relationshipNames(item: ConfigItem, type: string): string[] {
  const out: string[] = [];
  for (const rel of item.relationships) {
    if (rel?.resourceType === type) {
      const name = rel.resourceName ?? rel.resourceId;
      if (name) out.push(name);
    }
  }
  return out;
}
