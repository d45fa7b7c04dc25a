import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/iam-policy-no-full-admin';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { encodeDocument, policyItem, roleItem, template, userItem } from '../iam-area-fixtures';

const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const admin = { Effect: 'Allow', Action: '*', Resource: '*' };
const scoped = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' };

describe('iam-policy-no-full-admin', () => {
  describe('Config item: customer managed policy (default version only)', () => {
    it('fails on the fixture: default version v2 allows * on *', () => {
      const result = runOnConfigItem(rule, policyItem());
      expect(result.status).toBe('fail');
      expect(result.evidence?.statements).toEqual([
        { policy: 'PolicyDocument', sid: 'BreakGlass', grant: 'action-star' },
      ]);
    });

    it('passes when the default version is the scoped v1 (the admin v2 is not default)', () => {
      const item = policyItem();
      const versions = item.configuration.policyVersionList as Array<Record<string, unknown>>;
      versions[0]!.isDefaultVersion = true;
      versions[1]!.isDefaultVersion = false;
      item.configuration.defaultVersionId = 'v1';
      expect(runOnConfigItem(rule, item).status).toBe('pass');
    });

    it('reads a document that is not URL-encoded (RDK sample form)', () => {
      const item = policyItem();
      const versions = item.configuration.policyVersionList as Array<Record<string, unknown>>;
      versions[1]!.document = doc(admin);
      expect(runOnConfigItem(rule, item).status).toBe('fail');
    });

    it('is unknown when the default document is not valid JSON', () => {
      const item = policyItem();
      const versions = item.configuration.policyVersionList as Array<Record<string, unknown>>;
      versions[1]!.document = '%7Bnot-json';
      expect(runOnConfigItem(rule, item).status).toBe('unknown');
    });
  });

  describe('Config item: role and user inline policies', () => {
    it.each([
      { name: 'role inline policy scoped', item: roleItem, statement: scoped, expected: 'pass' },
      { name: 'role inline policy * on *', item: roleItem, statement: admin, expected: 'fail' },
      { name: 'user inline policy * on *', item: userItem, statement: admin, expected: 'fail' },
      {
        name: 'user inline policy codedeploy:* on * (service wildcard, not admin)',
        item: userItem,
        statement: { Effect: 'Allow', Action: 'codedeploy:*', Resource: '*' },
        expected: 'pass',
      },
      {
        name: 'Deny * on * is not a grant',
        item: roleItem,
        statement: { ...admin, Effect: 'Deny' },
        expected: 'pass',
      },
    ])('$name -> $expected', ({ item, statement, expected }) => {
      const ci = item();
      const listKey = ci.resourceType === 'AWS::IAM::Role' ? 'rolePolicyList' : 'userPolicyList';
      (ci.configuration[listKey] as Array<Record<string, unknown>>)[0]!.policyDocument = encodeDocument(
        doc(statement),
      );
      expect(runOnConfigItem(rule, ci).status).toBe(expected);
    });

    it('is not applicable to a role without inline policies', () => {
      const ci = roleItem();
      ci.configuration.rolePolicyList = [];
      expect(runOnConfigItem(rule, ci).status).toBe('not-applicable');
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      {
        name: 'inline AWS::IAM::Policy * on *',
        type: 'AWS::IAM::Policy',
        props: { PolicyName: 'p', PolicyDocument: doc(admin) },
        expected: 'fail',
      },
      {
        name: 'ManagedPolicy with Action list containing *',
        type: 'AWS::IAM::ManagedPolicy',
        props: { PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] }) },
        expected: 'fail',
      },
      {
        name: 'ManagedPolicy *:* on *',
        type: 'AWS::IAM::ManagedPolicy',
        props: { PolicyDocument: doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }) },
        expected: 'fail',
      },
      {
        name: 'NotAction trick on *',
        type: 'AWS::IAM::ManagedPolicy',
        props: { PolicyDocument: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
        expected: 'fail',
      },
      {
        name: '* on one bucket',
        type: 'AWS::IAM::ManagedPolicy',
        props: { PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }) },
        expected: 'pass',
      },
      {
        name: 'scoped policy',
        type: 'AWS::IAM::Policy',
        props: { PolicyName: 'p', PolicyDocument: doc(scoped) },
        expected: 'pass',
      },
      {
        name: 'role Policies with * on *',
        type: 'AWS::IAM::Role',
        props: {
          AssumeRolePolicyDocument: doc(),
          Policies: [{ PolicyName: 'all', PolicyDocument: doc(admin) }],
        },
        expected: 'fail',
      },
      {
        name: 'user Policies scoped',
        type: 'AWS::IAM::User',
        props: { Policies: [{ PolicyName: 'read', PolicyDocument: doc(scoped) }] },
        expected: 'pass',
      },
      {
        name: 'Action behind a parameter',
        type: 'AWS::IAM::ManagedPolicy',
        props: { PolicyDocument: doc({ Effect: 'Allow', Action: { Ref: 'Actions' }, Resource: '*' }) },
        expected: 'unknown',
      },
      {
        name: 'whole document behind a parameter',
        type: 'AWS::IAM::Policy',
        props: { PolicyName: 'p', PolicyDocument: { Ref: 'Doc' } },
        expected: 'unknown',
      },
    ] as const;

    it.each(cases)('$name -> $expected', ({ type, props, expected }) => {
      const t = template(type, props as Record<string, unknown>, {
        parameters: { Actions: { Type: 'CommaDelimitedList' }, Doc: { Type: 'String' } },
      });
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });

    it('lowers the severity to high for the NotAction form', () => {
      const t = template('AWS::IAM::ManagedPolicy', {
        PolicyDocument: doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
      });
      const result = runOnTemplate(rule, t, 'Subject');
      expect(result.severity).toBe('high');
      expect(result.evidence?.statements).toEqual([{ policy: 'PolicyDocument', grant: 'not-action' }]);
    });
  });
});

describe('iam-policy-no-full-admin with partly known resources', () => {
  it.each([
    {
      name: 'specific action on a partly known ARN',
      statement: {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: { 'Fn::Join': ['', ['arn:aws:dynamodb:eu-west-1:1:table/', { Ref: 'Table' }]] },
      },
      expected: 'pass',
    },
    {
      name: '* on a partly known ARN (cannot tell the list holds no "*")',
      statement: {
        Effect: 'Allow',
        Action: '*',
        Resource: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Bucket' }, '/*']] },
      },
      expected: 'unknown',
    },
  ])('$name -> $expected', ({ statement, expected }) => {
    const t = template(
      'AWS::IAM::ManagedPolicy',
      { PolicyDocument: doc(statement) },
      {
        parameters: { Table: { Type: 'String' }, Bucket: { Type: 'String' } },
      },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
