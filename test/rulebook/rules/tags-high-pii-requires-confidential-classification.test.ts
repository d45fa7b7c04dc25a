import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/tags-high-pii-requires-confidential-classification';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-high-pii-requires-confidential-classification', () => {
  it.each([
    { name: 'fixture: no PIILevel', tags: undefined, expected: 'not-applicable' },
    {
      name: 'High + Internal',
      tags: { PIILevel: 'High', SecurityClassification: 'Internal' },
      expected: 'fail',
    },
    { name: 'High + Secret', tags: { PIILevel: 'High', SecurityClassification: 'Secret' }, expected: 'pass' },
    { name: 'High, no classification', tags: { PIILevel: 'High' }, expected: 'fail' },
    {
      name: 'Medium + Public (rule is High only)',
      tags: { PIILevel: 'Medium', SecurityClassification: 'Public' },
      expected: 'not-applicable',
    },
  ])('Config item: $name -> $expected', ({ tags, expected }) => {
    const item = lambdaItem();
    if (tags) item.tags = tags;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'High + Confidential', cls: 'Confidential', expected: 'pass' },
    { name: 'High + Public', cls: 'Public', expected: 'fail' },
    { name: 'classification from a parameter', cls: { Ref: 'Cls' }, expected: 'unknown' },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ cls, expected }) => {
    const tags = [
      { Key: 'PIILevel', Value: 'High' },
      { Key: 'SecurityClassification', Value: cls },
    ];
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: tags },
      { parameters: { Cls: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
