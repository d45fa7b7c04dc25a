import type { IamPolicy } from '../../model/resources/iam';
import { iamPolicyFromCloudFormation, iamPolicyFromConfigItem } from '../iam-policy-common';
import { defineNormalizer } from '../normalizer';

/**
 * A template-only type: AWS Config records customer managed policies as `AWS::IAM::Policy`. An item
 * that names this type anyway is read like one.
 */
export default defineNormalizer<IamPolicy>({
  resourceType: 'AWS::IAM::ManagedPolicy',
  fromConfigItem: (item, source) => iamPolicyFromConfigItem(item, source, 'AWS::IAM::ManagedPolicy'),
  fromCloudFormation: (resource) =>
    iamPolicyFromCloudFormation(resource, 'AWS::IAM::ManagedPolicy', 'managed'),
});
