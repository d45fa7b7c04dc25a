import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-user-no-direct-policies';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { template, userItem } from '../iam-area-fixtures';

const doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }],
};

describe('iam-user-no-direct-policies', () => {
  describe('Config item', () => {
    it('fails on the fixture user (one inline, one attached), naming both', () => {
      const result = runOnConfigItem(rule, userItem());
      expect(result.status).toBe('fail');
      expect(result.evidence).toMatchObject({
        inlinePolicies: ['policygen-jdoe-202611'],
        managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      });
    });

    it.each([
      { name: 'only group membership', inline: [], attached: [], expected: 'pass' },
      {
        name: 'only an attached managed policy',
        inline: [],
        attached: [{ policyName: 'x', policyArn: 'arn:aws:iam::111122223333:policy/x' }],
        expected: 'fail',
      },
      {
        name: 'only an inline policy',
        inline: [{ policyName: 'x', policyDocument: encodeURIComponent(JSON.stringify(doc)) }],
        attached: [],
        expected: 'fail',
      },
    ])('$name -> $expected', ({ inline, attached, expected }) => {
      const item = userItem();
      item.configuration.userPolicyList = inline;
      item.configuration.attachedManagedPolicies = attached;
      expect(runOnConfigItem(rule, item).status).toBe(expected);
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      { name: 'user in a group only', props: { Groups: ['developers'] }, extra: {}, expected: 'pass' },
      {
        name: 'user with Policies',
        props: { Policies: [{ PolicyName: 'p', PolicyDocument: doc }] },
        extra: {},
        expected: 'fail',
      },
      {
        name: 'user with ManagedPolicyArns',
        props: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
        extra: {},
        expected: 'fail',
      },
      {
        name: 'a separate AWS::IAM::Policy naming the user',
        props: {},
        extra: {
          resources: {
            UserPolicy: {
              Type: 'AWS::IAM::Policy',
              Properties: { PolicyName: 'p', PolicyDocument: doc, Users: [{ Ref: 'Subject' }] },
            },
          },
        },
        expected: 'fail',
      },
      {
        name: 'ManagedPolicyArns behind a parameter',
        props: { ManagedPolicyArns: { Ref: 'Arns' } },
        extra: { parameters: { Arns: { Type: 'CommaDelimitedList' } } },
        expected: 'unknown',
      },
    ] as const;

    it.each(cases)('$name -> $expected', ({ props, extra, expected }) => {
      const t = template('AWS::IAM::User', props as Record<string, unknown>, extra as never);
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });
  });
});
