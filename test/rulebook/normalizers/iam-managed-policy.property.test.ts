import { describe } from 'vitest';
import iamManagedPolicy from '../../../functions/rulebook/normalizers/resources/iam-managed-policy';
import { policyItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

/** AWS Config never emits this type; an item that names it anyway is read like AWS::IAM::Policy. */
const managedPolicyItem = () => ({ ...policyItem(), resourceType: 'AWS::IAM::ManagedPolicy' });

describe('iam-managed-policy normalizer properties', () => {
  normalizerProperties(iamManagedPolicy, managedPolicyItem, {
    ManagedPolicyName: 'p',
    PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    Roles: ['r'],
  });
});
