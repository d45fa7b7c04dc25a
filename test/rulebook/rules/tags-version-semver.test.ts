import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/tags-version-semver';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-version-semver', () => {
  it.each([
    { name: 'no Version tag', value: undefined, expected: 'not-applicable' },
    { name: '1.4.2', value: '1.4.2', expected: 'pass' },
    { name: '2.0.0-rc.1+build.5', value: '2.0.0-rc.1+build.5', expected: 'pass' },
    { name: 'v1.4.2', value: 'v1.4.2', expected: 'fail' },
    { name: '1.4', value: '1.4', expected: 'fail' },
    { name: 'latest', value: 'latest', expected: 'fail' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = lambdaItem();
    if (value) item.tags.Version = value;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it.each([
    { name: 'semver', value: '3.1.0', expected: 'pass' },
    { name: 'leading zero', value: '01.2.3', expected: 'fail' },
    { name: 'from a parameter', value: { Ref: 'Version' }, expected: 'unknown' },
  ] as const)('CloudFormation: $name -> $expected', ({ value, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: [{ Key: 'Version', Value: value }] },
      { parameters: { Version: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
