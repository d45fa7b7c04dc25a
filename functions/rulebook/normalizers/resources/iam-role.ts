import type { IamRole } from '../../model/resources/iam';
import {
  attachedPolicyArnsFromConfig,
  inlinePoliciesFrom,
  policyDocumentFrom,
  policyResourcesAttachedTo,
  stringListFrom,
  withOwnAccountPrincipals,
} from '../iam-common';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asString, get } from '../values';

export default defineNormalizer<IamRole>({
  resourceType: 'AWS::IAM::Role',

  // Field names: awslabs/aws-config-resource-schema AWS::IAM::Role.properties.json; documents are
  // URL-encoded JSON strings in real items.
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::IAM::Role' as const,
      trustPolicy: policyDocumentFrom(c.assumeRolePolicyDocument),
      inlinePolicies: inlinePoliciesFrom(c.rolePolicyList, 'policyName', 'policyDocument'),
      managedPolicyArns: attachedPolicyArnsFromConfig(c.attachedManagedPolicies),
      policyResourcesAttached: [],
      permissionsBoundaryArn: asString(get(c, 'permissionsBoundary', 'permissionsBoundaryArn')),
    });
  },

  // Property names: AWS::IAM::Role in the CloudFormation template reference.
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::IAM::Role' as const,
      trustPolicy: policyDocumentFrom(withOwnAccountPrincipals(p.AssumeRolePolicyDocument)),
      inlinePolicies: inlinePoliciesFrom(p.Policies, 'PolicyName', 'PolicyDocument'),
      managedPolicyArns: stringListFrom(p.ManagedPolicyArns),
      policyResourcesAttached: policyResourcesAttachedTo(scope, 'Roles', resource.logicalId),
      permissionsBoundaryArn: asString(p.PermissionsBoundary),
    });
  },
});
