import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/cost-optimization/tags-retire-date-not-past';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

const now = new Date('2026-11-22T12:00:00Z');

describe('tags-retire-date-not-past', () => {
  it.each([
    { name: 'no RetireDate', value: undefined, expected: 'not-applicable' },
    { name: 'yesterday', value: '2026-11-21', expected: 'fail' },
    { name: 'today', value: '2026-11-22', expected: 'pass' },
    { name: 'next year', value: '2027-06-30', expected: 'pass' },
    { name: 'not a date', value: 'Q3-2026', expected: 'not-applicable' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = lambdaItem();
    if (value) item.tags.RetireDate = value;
    expect(runOnConfigItem(rule, item, { now }).status).toBe(expected);
  });

  it('uses the injected clock', () => {
    const item = lambdaItem();
    item.tags.RetireDate = '2026-12-01';
    expect(runOnConfigItem(rule, item, { now }).status).toBe('pass');
    expect(runOnConfigItem(rule, item, { now: new Date('2026-12-02T00:00:00Z') }).status).toBe('fail');
  });

  it.each([
    { name: 'past date', value: '2025-01-31', expected: 'fail' },
    { name: 'future date', value: '2030-01-31', expected: 'pass' },
    { name: 'from a parameter', value: { Ref: 'Retire' }, expected: 'unknown' },
  ] as const)('CloudFormation: $name -> $expected', ({ value, expected }) => {
    const t = template(
      'AWS::Logs::LogGroup',
      { RetentionInDays: 30, Tags: [{ Key: 'RetireDate', Value: value }] },
      { parameters: { Retire: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject', { now }).status).toBe(expected);
  });
});
