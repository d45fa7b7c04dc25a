import type { IamPolicy } from '../../model/resources/iam';
import { iamPolicyFromCloudFormation, iamPolicyFromConfigItem } from '../iam-policy-common';
import { defineNormalizer } from '../normalizer';

/**
 * Config: a customer managed policy (default version's document, URL-encoded).
 * Templates: an inline policy embedded in the roles, users and groups it lists (not taggable).
 */
export default defineNormalizer<IamPolicy>({
  resourceType: 'AWS::IAM::Policy',
  fromConfigItem: (item, source) => iamPolicyFromConfigItem(item, source, 'AWS::IAM::Policy'),
  fromCloudFormation: (resource) => iamPolicyFromCloudFormation(resource, 'AWS::IAM::Policy', 'inline'),
});
