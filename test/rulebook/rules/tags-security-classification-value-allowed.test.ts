import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/tags-security-classification-value-allowed';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-security-classification-value-allowed', () => {
  it.each([
    { name: 'fixture: Internal', value: undefined, expected: 'pass' },
    { name: 'confidential (lower case)', value: 'confidential', expected: 'fail' },
    { name: 'PII (not a classification)', value: 'PII', expected: 'fail' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = lambdaItem();
    if (value) item.tags.SecurityClassification = value;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it.each([
    { name: 'Secret', value: 'Secret', expected: 'pass' },
    { name: 'Restricted', value: 'Restricted', expected: 'fail' },
    { name: 'from a parameter', value: { Ref: 'Cls' }, expected: 'unknown' },
  ] as const)('CloudFormation: $name -> $expected', ({ value, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: [{ Key: 'SecurityClassification', Value: value }] },
      { parameters: { Cls: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
