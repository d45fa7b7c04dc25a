import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/sustainability/lambda-uses-arm64';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('lambda-uses-arm64', () => {
  it.each([
    { name: 'fixture: nodejs20.x on x86_64', patch: {}, expected: 'fail' },
    { name: 'arm64', patch: { architectures: ['arm64'] }, expected: 'pass' },
    { name: 'go1.x (x86_64 only)', patch: { runtime: 'go1.x' }, expected: 'not-applicable' },
    {
      name: 'container image',
      patch: { runtime: undefined, packageType: 'Image' },
      expected: 'not-applicable',
    },
    { name: 'python3.12', patch: { runtime: 'python3.12' }, expected: 'fail' },
    { name: 'java8 on Amazon Linux 1', patch: { runtime: 'java8' }, expected: 'not-applicable' },
  ])('Config item: $name -> $expected', ({ patch, expected }) => {
    const item = lambdaItem();
    Object.assign(item.configuration, patch);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    {
      name: 'no Architectures (x86_64 default), nodejs22.x',
      props: { Runtime: 'nodejs22.x' },
      expected: 'fail',
    },
    { name: 'arm64', props: { Runtime: 'python3.13', Architectures: ['arm64'] }, expected: 'pass' },
    {
      name: 'provided.al2023 on x86_64',
      props: { Runtime: 'provided.al2023', Architectures: ['x86_64'] },
      expected: 'fail',
    },
    {
      name: 'Architectures from a parameter',
      props: { Runtime: 'nodejs20.x', Architectures: [{ Ref: 'Arch' }] },
      expected: 'unknown',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template('AWS::Lambda::Function', props, { parameters: { Arch: { Type: 'String' } } });
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
