import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/cost-optimization/tags-mandatory-present';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, policyItem, template, trailItem } from '../iam-area-fixtures';

const complete = {
  Environment: 'dev',
  App: 'orders',
  CostCenter: 'cc-1042',
  SecurityClassification: 'Internal',
};
const asList = (tags: Record<string, unknown>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

describe('tags-mandatory-present', () => {
  describe('Config item', () => {
    it.each([
      {
        name: 'fixture function: all four, dev, no PII',
        tags: undefined,
        expected: 'pass',
        missing: undefined,
      },
      {
        name: 'no tags at all ({})',
        tags: {},
        expected: 'fail',
        missing: ['Environment', 'App', 'CostCenter', 'SecurityClassification'],
      },
      {
        name: 'CostCenter empty',
        tags: { ...complete, CostCenter: '' },
        expected: 'fail',
        missing: ['CostCenter'],
      },
      {
        name: 'prod without ComplianceRequired',
        tags: { ...complete, Environment: 'prod' },
        expected: 'fail',
        missing: ['ComplianceRequired'],
      },
      {
        name: 'PII Low without ComplianceRequired',
        tags: { ...complete, PIILevel: 'Low' },
        expected: 'fail',
        missing: ['ComplianceRequired'],
      },
      {
        name: 'PIILevel None: ComplianceRequired not applicable',
        tags: { ...complete, PIILevel: 'None' },
        expected: 'pass',
        missing: undefined,
      },
      {
        name: 'prod with ComplianceRequired',
        tags: { ...complete, Environment: 'prod', ComplianceRequired: 'SOC2' },
        expected: 'pass',
        missing: undefined,
      },
      {
        name: 'keys are case-sensitive',
        tags: { environment: 'dev', App: 'a', CostCenter: 'c', SecurityClassification: 'Internal' },
        expected: 'fail',
        missing: ['Environment'],
      },
    ])('$name -> $expected', ({ tags, expected, missing }) => {
      const item = lambdaItem();
      if (tags) item.tags = tags;
      const result = runOnConfigItem(rule, item);
      expect(result.status).toBe(expected);
      if (missing) expect(result.evidence?.missing).toEqual(missing);
    });

    it('fails an untagged trail and honours config.tagPolicy.resourceTypes', () => {
      expect(runOnConfigItem(rule, trailItem()).status).toBe('fail');
      const only = { tagPolicy: { resourceTypes: ['AWS::Lambda::Function'] } };
      expect(runOnConfigItem(rule, trailItem(), { config: only }).status).toBe('not-applicable');
    });

    it('judges a resource whose own tags are named status and message like any other', () => {
      const item = lambdaItem();
      item.tags = { status: 'active', message: 'hello' };
      const result = runOnConfigItem(rule, item);
      expect(result.status).toBe('fail');
      expect(result.evidence?.missing).toEqual([
        'Environment',
        'App',
        'CostCenter',
        'SecurityClassification',
      ]);
    });

    it('uses the configured mandatory tag list', () => {
      const item = policyItem();
      item.tags = { Owner: 'team-a' };
      expect(
        runOnConfigItem(rule, item, { config: { tagPolicy: { mandatoryTags: ['Owner'] } } }).status,
      ).toBe('pass');
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      { name: 'Tags list complete', props: { Tags: asList(complete) }, expected: 'pass' },
      { name: 'no Tags property', props: {}, expected: 'fail' },
      {
        name: 'a value from a parameter still counts as present',
        props: { Tags: asList({ ...complete, App: { Ref: 'App' } }) },
        expected: 'pass',
      },
      {
        name: 'Environment from a parameter: ComplianceRequired may apply',
        props: { Tags: asList({ ...complete, Environment: { Ref: 'Env' } }) },
        expected: 'unknown',
      },
      {
        name: 'whole tag list from an intrinsic',
        props: { Tags: { 'Fn::If': ['Cond', asList(complete), []] } },
        expected: 'unknown',
      },
    ] as const;

    it.each(cases)('Lambda: $name -> $expected', ({ props, expected }) => {
      const t = {
        ...template(
          'AWS::Lambda::Function',
          { Runtime: 'nodejs20.x', ...props },
          { parameters: { App: { Type: 'String' }, Env: { Type: 'String' } } },
        ),
        Conditions: { Cond: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      };
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });

    it('does not apply to an inline AWS::IAM::Policy (no Tags property)', () => {
      const t = template('AWS::IAM::Policy', {
        PolicyName: 'p',
        PolicyDocument: { Statement: [] },
        Roles: ['r'],
      });
      expect(runOnTemplate(rule, t, 'Subject').status).toBe('not-applicable');
    });
  });
});
