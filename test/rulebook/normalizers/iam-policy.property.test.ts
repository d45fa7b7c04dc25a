import { describe } from 'vitest';
import iamPolicy from '../../../functions/rulebook/normalizers/resources/iam-policy';
import { policyItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('iam-policy normalizer properties', () => {
  normalizerProperties(iamPolicy, policyItem, {
    PolicyName: 'p',
    PolicyDocument: { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] },
    Roles: ['r'],
    Users: ['u'],
  });
});
