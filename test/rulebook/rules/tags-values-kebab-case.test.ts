import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/tags-values-kebab-case';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-values-kebab-case', () => {
  it.each([
    { name: 'fixture: orders, cc-1042', patch: {}, expected: 'pass' },
    { name: 'App with a space', patch: { App: 'Customer Portal' }, expected: 'fail' },
    { name: 'CostCenter in upper-case kebab', patch: { CostCenter: 'Cost-Center-001' }, expected: 'fail' },
    { name: 'Purpose single capitalised word', patch: { Purpose: 'Reporting' }, expected: 'pass' },
    { name: 'special character', patch: { Service: 'orders/api' }, expected: 'fail' },
    { name: 'snake_case tolerated', patch: { Service: 'orders_api' }, expected: 'pass' },
  ])('Config item: $name -> $expected', ({ patch, expected }) => {
    const item = lambdaItem();
    Object.assign(item.tags, patch);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it('does not judge free-text tags such as DeployingIndividual', () => {
    const item = lambdaItem();
    item.tags = { DeployingIndividual: 'Jane Doe' };
    expect(runOnConfigItem(rule, item).status).toBe('not-applicable');
  });

  it.each([
    { name: 'kebab App', value: 'customer-portal', expected: 'pass' },
    { name: 'camel-cased multi-word with space', value: 'Customer portal', expected: 'fail' },
    { name: 'App from a parameter', value: { Ref: 'App' }, expected: 'unknown' },
  ] as const)('CloudFormation: $name -> $expected', ({ value, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: [{ Key: 'App', Value: value }] },
      { parameters: { App: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
