import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-role-trust-not-public';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { encodeDocument, roleItem, template } from '../iam-area-fixtures';

const trust = (statement: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }],
});

describe('iam-role-trust-not-public', () => {
  describe('Config item (URL-encoded trust policy)', () => {
    it('passes on the fixture (a named account)', () => {
      expect(runOnConfigItem(rule, roleItem()).status).toBe('pass');
    });

    it.each([
      { name: 'Principal "*"', statement: { Principal: '*' }, expected: 'fail' },
      { name: 'Principal {AWS: "*"}', statement: { Principal: { AWS: '*' } }, expected: 'fail' },
      {
        name: '"*" restricted to the organization',
        statement: {
          Principal: { AWS: '*' },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
        expected: 'pass',
      },
      {
        name: '"*" with only an ExternalId (guessable by anyone)',
        statement: { Principal: '*', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } },
        expected: 'fail',
      },
      { name: 'Deny "*"', statement: { Principal: '*', Effect: 'Deny' }, expected: 'pass' },
    ])('$name -> $expected', ({ statement, expected }) => {
      const item = roleItem();
      item.configuration.assumeRolePolicyDocument = encodeDocument(trust(statement));
      expect(runOnConfigItem(rule, item).status).toBe(expected);
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      { name: 'Principal {AWS: ["*"]}', statement: { Principal: { AWS: ['*'] } }, expected: 'fail' },
      {
        name: '"*" with aws:PrincipalArn',
        statement: {
          Principal: { AWS: '*' },
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci-*' } },
        },
        expected: 'pass',
      },
      {
        name: 'service principal',
        statement: { Principal: { Service: 'lambda.amazonaws.com' } },
        expected: 'pass',
      },
      {
        name: 'principal behind a parameter',
        statement: { Principal: { Ref: 'Trusted' } },
        expected: 'unknown',
      },
      {
        name: '"*" with the condition behind a parameter',
        statement: { Principal: '*', Condition: { Ref: 'Cond' } },
        expected: 'unknown',
      },
    ] as const;

    it.each(cases)('$name -> $expected', ({ statement, expected }) => {
      const t = template(
        'AWS::IAM::Role',
        { AssumeRolePolicyDocument: trust(statement) },
        {
          parameters: { Trusted: { Type: 'String' }, Cond: { Type: 'String' } },
        },
      );
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });
  });
});
