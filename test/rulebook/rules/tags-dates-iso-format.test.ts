import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/tags-dates-iso-format';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-dates-iso-format', () => {
  it.each([
    { name: 'fixture: no date tags', patch: {}, expected: 'not-applicable' },
    { name: 'RetireDate 2027-03-31', patch: { RetireDate: '2027-03-31' }, expected: 'pass' },
    { name: 'RetireDate 03/31/2027', patch: { RetireDate: '03/31/2027' }, expected: 'fail' },
    { name: 'RetireDate 2027-02-30 (no such day)', patch: { RetireDate: '2027-02-30' }, expected: 'fail' },
    { name: 'ReviewDate 2027-3-1', patch: { ReviewDate: '2027-3-1' }, expected: 'fail' },
    { name: 'leap day 2028-02-29', patch: { RetireDate: '2028-02-29' }, expected: 'pass' },
  ])('Config item: $name -> $expected', ({ patch, expected }) => {
    const item = lambdaItem();
    Object.assign(item.tags, patch);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it.each([
    { name: 'ISO date', value: '2026-12-31', expected: 'pass' },
    { name: 'date with time', value: '2026-12-31T00:00:00Z', expected: 'fail' },
    { name: 'from a parameter', value: { Ref: 'Retire' }, expected: 'unknown' },
  ] as const)('CloudFormation: $name -> $expected', ({ value, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: [{ Key: 'RetireDate', Value: value }] },
      { parameters: { Retire: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
