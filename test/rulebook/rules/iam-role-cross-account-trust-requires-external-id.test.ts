import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-role-cross-account-trust-requires-external-id';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { encodeDocument, roleItem, template } from '../iam-area-fixtures';

const trust = (statement: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }],
});
const externalId = { StringEquals: { 'sts:ExternalId': 'acme-7f3a' } };

describe('iam-role-cross-account-trust-requires-external-id', () => {
  describe('Config item (URL-encoded trust policy)', () => {
    it('fails on the fixture: account 999988887777 trusted without ExternalId', () => {
      const result = runOnConfigItem(rule, roleItem());
      expect(result.status).toBe('fail');
      expect(result.evidence?.trustedAccounts).toEqual(['999988887777']);
    });

    it.each([
      {
        name: 'with sts:ExternalId',
        statement: { Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Condition: externalId },
        expected: 'pass',
      },
      {
        name: 'with aws:PrincipalOrgID',
        statement: {
          Principal: { AWS: '999988887777' },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
        expected: 'pass',
      },
      {
        name: 'same account principal',
        statement: { Principal: { AWS: 'arn:aws:iam::111122223333:role/ci' } },
        expected: 'not-applicable',
      },
      {
        name: 'service principal',
        statement: { Principal: { Service: 'lambda.amazonaws.com' } },
        expected: 'not-applicable',
      },
      {
        name: 'other account role ARN, MFA condition only',
        statement: {
          Principal: { AWS: ['arn:aws:iam::444455556666:role/deployer'] },
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
        expected: 'fail',
      },
    ])('$name -> $expected', ({ statement, expected }) => {
      const item = roleItem();
      item.configuration.assumeRolePolicyDocument = encodeDocument(trust(statement));
      expect(runOnConfigItem(rule, item).status).toBe(expected);
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      {
        name: 'literal other account, no condition',
        statement: { Principal: { AWS: 'arn:aws:iam::999988887777:root' } },
        expected: 'fail',
      },
      {
        name: 'literal other account with ExternalId',
        statement: { Principal: { AWS: '999988887777' }, Condition: externalId },
        expected: 'pass',
      },
      {
        name: 'ExternalId key in lower case',
        statement: {
          Principal: { AWS: '999988887777' },
          Condition: { StringEquals: { 'sts:externalid': 'x' } },
        },
        expected: 'pass',
      },
      {
        name: 'trusted account from a parameter',
        statement: {
          Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'TrustedAccount' }, ':root']] } },
        },
        expected: 'unknown',
      },
      {
        name: 'own account via the AWS::AccountId pseudo parameter',
        statement: {
          Principal: { AWS: { 'Fn::Join': [':', ['arn:aws:iam:', { Ref: 'AWS::AccountId' }, 'root']] } },
        },
        expected: 'not-applicable',
      },
      {
        name: 'a role of the same template',
        statement: { Principal: { AWS: { 'Fn::GetAtt': ['Other', 'Arn'] } } },
        expected: 'not-applicable',
      },
      {
        name: 'service principal only',
        statement: { Principal: { Service: 'ecs-tasks.amazonaws.com' } },
        expected: 'not-applicable',
      },
    ] as const;

    it.each(cases)('$name -> $expected', ({ statement, expected }) => {
      const t = template(
        'AWS::IAM::Role',
        { AssumeRolePolicyDocument: trust(statement) },
        { parameters: { TrustedAccount: { Type: 'String' } } },
      );
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });
  });
});
