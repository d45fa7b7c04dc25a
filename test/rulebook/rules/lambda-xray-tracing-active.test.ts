import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/lambda-xray-tracing-active';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('lambda-xray-tracing-active', () => {
  it.each([
    { name: 'fixture: PassThrough', mode: undefined, expected: 'fail' },
    { name: 'Active', mode: 'Active', expected: 'pass' },
    { name: 'no tracingConfig at all', mode: null, expected: 'fail' },
  ])('Config item: $name -> $expected', ({ mode, expected }) => {
    const item = lambdaItem();
    if (mode === null) delete item.configuration.tracingConfig;
    else if (mode) item.configuration.tracingConfig = { mode };
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'no TracingConfig (PassThrough default)', props: {}, expected: 'fail' },
    { name: 'Mode Active', props: { TracingConfig: { Mode: 'Active' } }, expected: 'pass' },
    { name: 'Mode PassThrough', props: { TracingConfig: { Mode: 'PassThrough' } }, expected: 'fail' },
    {
      name: 'Mode from a parameter',
      props: { TracingConfig: { Mode: { Ref: 'Mode' } } },
      expected: 'unknown',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'python3.12', ...props },
      { parameters: { Mode: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
