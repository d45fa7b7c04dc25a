import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/tags-prod-requires-sla';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, roleItem, template } from '../iam-area-fixtures';

describe('tags-prod-requires-sla', () => {
  it.each([
    { name: 'fixture function: dev', item: lambdaItem, tags: undefined, expected: 'not-applicable' },
    { name: 'fixture role: prod without SLA', item: roleItem, tags: undefined, expected: 'fail' },
    { name: 'prod with SLA', item: roleItem, tags: { Environment: 'prod', SLA: '99.9' }, expected: 'pass' },
  ])('Config item: $name -> $expected', ({ item, tags, expected }) => {
    const ci = item();
    if (tags) ci.tags = tags;
    expect(runOnConfigItem(rule, ci).status).toBe(expected);
  });

  const cases = [
    { name: 'prod, no SLA', tags: [{ Key: 'Environment', Value: 'prod' }], expected: 'fail' },
    {
      name: 'prod, SLA',
      tags: [
        { Key: 'Environment', Value: 'prod' },
        { Key: 'SLA', Value: '99.95' },
      ],
      expected: 'pass',
    },
    {
      name: 'Environment from a parameter',
      tags: [{ Key: 'Environment', Value: { Ref: 'Env' } }],
      expected: 'unknown',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ tags, expected }) => {
    const t = template(
      'AWS::Logs::LogGroup',
      { RetentionInDays: 30, Tags: tags },
      { parameters: { Env: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
