import type { IamUser } from '../../model/resources/iam';
import {
  attachedPolicyArnsFromConfig,
  inlinePoliciesFrom,
  policyResourcesAttachedTo,
  stringListFrom,
} from '../iam-common';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';

export default defineNormalizer<IamUser>({
  resourceType: 'AWS::IAM::User',

  // Field names: awslabs/aws-config-resource-schema AWS::IAM::User.properties.json.
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::IAM::User' as const,
      inlinePolicies: inlinePoliciesFrom(c.userPolicyList, 'policyName', 'policyDocument'),
      managedPolicyArns: attachedPolicyArnsFromConfig(c.attachedManagedPolicies),
      policyResourcesAttached: [],
      groups: stringListFrom(c.groupList),
    });
  },

  // Property names: AWS::IAM::User in the CloudFormation template reference.
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::IAM::User' as const,
      inlinePolicies: inlinePoliciesFrom(p.Policies, 'PolicyName', 'PolicyDocument'),
      managedPolicyArns: stringListFrom(p.ManagedPolicyArns),
      policyResourcesAttached: policyResourcesAttachedTo(scope, 'Users', resource.logicalId),
      groups: stringListFrom(p.Groups),
    });
  },
});
