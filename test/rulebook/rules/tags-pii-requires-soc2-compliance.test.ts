import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/tags-pii-requires-soc2-compliance';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('tags-pii-requires-soc2-compliance', () => {
  it.each([
    { name: 'fixture: no PIILevel', tags: undefined, expected: 'not-applicable' },
    { name: 'High with SOC2', tags: { PIILevel: 'High', ComplianceRequired: 'SOC2' }, expected: 'pass' },
    {
      name: 'Medium with SOC2 in a list',
      tags: { PIILevel: 'Medium', ComplianceRequired: 'PCI-DSS,SOC2' },
      expected: 'pass',
    },
    {
      name: 'Medium with HIPAA only',
      tags: { PIILevel: 'Medium', ComplianceRequired: 'HIPAA' },
      expected: 'fail',
    },
    { name: 'High without ComplianceRequired', tags: { PIILevel: 'High' }, expected: 'fail' },
    { name: 'Low without ComplianceRequired', tags: { PIILevel: 'Low' }, expected: 'not-applicable' },
  ])('Config item: $name -> $expected', ({ tags, expected }) => {
    const item = lambdaItem();
    if (tags) item.tags = tags;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    {
      name: 'High, SOC2',
      tags: [
        { Key: 'PIILevel', Value: 'High' },
        { Key: 'ComplianceRequired', Value: 'SOC2 HIPAA' },
      ],
      expected: 'pass',
    },
    { name: 'Medium, none', tags: [{ Key: 'PIILevel', Value: 'Medium' }], expected: 'fail' },
    {
      name: 'PIILevel from a parameter',
      tags: [{ Key: 'PIILevel', Value: { Ref: 'Pii' } }],
      expected: 'unknown',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ tags, expected }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', Tags: tags },
      { parameters: { Pii: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
