import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-no-administrator-access-attached';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { roleItem, template, userItem } from '../iam-area-fixtures';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** CloudFormation Fn::Sub text: `${...}` is the template's placeholder, not a JavaScript one. */
const sub = (text: string) => ({ 'Fn::Sub': text.replaceAll('$(', '${').replaceAll(')', '}') });

describe('iam-no-administrator-access-attached', () => {
  describe('Config item', () => {
    it.each([
      {
        name: 'fixture role (AdministratorAccess attached)',
        item: roleItem,
        arns: undefined,
        expected: 'fail',
      },
      {
        name: 'fixture user (AdministratorAccess attached)',
        item: userItem,
        arns: undefined,
        expected: 'fail',
      },
      {
        name: 'role with a customer policy only',
        item: roleItem,
        arns: ['arn:aws:iam::111122223333:policy/exports-reader'],
        expected: 'pass',
      },
      {
        name: 'GovCloud partition',
        item: userItem,
        arns: ['arn:aws-us-gov:iam::aws:policy/AdministratorAccess'],
        expected: 'fail',
      },
      {
        name: 'a look-alike customer policy',
        item: roleItem,
        arns: ['arn:aws:iam::111122223333:policy/AdministratorAccess'],
        expected: 'pass',
      },
    ])('$name -> $expected', ({ item, arns, expected }) => {
      const ci = item();
      if (arns)
        ci.configuration.attachedManagedPolicies = arns.map((policyArn) => ({ policyName: 'p', policyArn }));
      const result = runOnConfigItem(rule, ci);
      expect(result.status).toBe(expected);
      if (expected === 'fail') expect(rule.remediation).toBe('iam-detach-administrator-access');
    });
  });

  describe('CloudFormation', () => {
    const trust = { Version: '2012-10-17', Statement: [] };
    const cases = [
      { name: 'literal ARN', arns: [ADMIN], expected: 'fail' },
      {
        name: '!Sub with the AWS::Partition pseudo parameter',
        arns: [sub('arn:$(AWS::Partition):iam::aws:policy/AdministratorAccess')],
        expected: 'fail',
      },
      {
        name: 'ReadOnlyAccess via !Sub',
        arns: [sub('arn:$(AWS::Partition):iam::aws:policy/ReadOnlyAccess')],
        expected: 'pass',
      },
      { name: 'a managed policy of the same template', arns: [{ Ref: 'Scoped' }], expected: 'pass' },
      { name: 'ARN from a parameter', arns: [{ Ref: 'PolicyArn' }], expected: 'unknown' },
      { name: 'no managed policies', arns: [], expected: 'pass' },
    ] as const;

    it.each(cases)('role: $name -> $expected', ({ arns, expected }) => {
      const t = template(
        'AWS::IAM::Role',
        { AssumeRolePolicyDocument: trust, ManagedPolicyArns: arns },
        {
          parameters: { PolicyArn: { Type: 'String' } },
          resources: { Scoped: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: trust } } },
        },
      );
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });

    it('user: literal ARN -> fail', () => {
      const t = template('AWS::IAM::User', { ManagedPolicyArns: [ADMIN] });
      expect(runOnTemplate(rule, t, 'Subject').status).toBe('fail');
    });
  });
});
