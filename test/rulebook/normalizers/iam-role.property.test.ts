import { describe } from 'vitest';
import iamRole from '../../../functions/rulebook/normalizers/resources/iam-role';
import { roleItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('iam-role normalizer properties', () => {
  normalizerProperties(iamRole, roleItem, {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999988887777:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
        },
      ],
    },
    Policies: [
      {
        PolicyName: 'p',
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] },
      },
    ],
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    Tags: [{ Key: 'App', Value: 'a' }],
  });
});
