import { describe } from 'vitest';
import iamUser from '../../../functions/rulebook/normalizers/resources/iam-user';
import { userItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('iam-user normalizer properties', () => {
  normalizerProperties(iamUser, userItem, {
    Groups: ['g'],
    Policies: [
      { PolicyName: 'p', PolicyDocument: { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } } },
    ],
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    LoginProfile: { Password: 'x' },
  });
});
