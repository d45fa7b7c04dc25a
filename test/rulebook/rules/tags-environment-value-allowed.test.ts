import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/tags-environment-value-allowed';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-environment-value-allowed', () => {
  it.each([
    { name: 'fixture: dev', env: undefined, config: {}, expected: 'pass' },
    { name: 'Production', env: 'Production', config: {}, expected: 'fail' },
    { name: 'Prod (case matters)', env: 'Prod', config: {}, expected: 'fail' },
    {
      name: 'qa allowed by config',
      env: 'qa',
      config: { tagPolicy: { environmentValues: ['dev', 'qa', 'prod'] } },
      expected: 'pass',
    },
    { name: 'no Environment tag', env: null, config: {}, expected: 'not-applicable' },
  ])('Config item: $name -> $expected', ({ env, config, expected }) => {
    const item = lambdaItem();
    if (env === null) delete item.tags.Environment;
    else if (env) item.tags.Environment = env;
    expect(runOnConfigItem(rule, item, { config }).status).toBe(expected);
  });

  it.each([
    { name: 'staging', value: 'staging', expected: 'pass' },
    { name: 'prd', value: 'prd', expected: 'fail' },
    { name: 'from a parameter', value: { Ref: 'Env' }, expected: 'unknown' },
  ] as const)('CloudFormation: $name -> $expected', ({ value, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: [{ Key: 'Environment', Value: value }] },
      { parameters: { Env: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
