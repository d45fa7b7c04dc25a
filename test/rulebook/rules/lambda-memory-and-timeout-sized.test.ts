import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/performance-efficiency/lambda-memory-and-timeout-sized';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('lambda-memory-and-timeout-sized', () => {
  it.each([
    { name: 'fixture: 128 MB / 3 s', memory: 128, timeout: 3, expected: 'fail' },
    { name: '512 MB / 10 s', memory: 512, timeout: 10, expected: 'pass' },
    { name: '1024 MB but 3 s', memory: 1024, timeout: 3, expected: 'fail' },
  ])('Config item: $name -> $expected', ({ memory, timeout, expected }) => {
    const item = lambdaItem();
    item.configuration.memorySize = memory;
    item.configuration.timeout = timeout;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    {
      name: 'nothing set (both defaults)',
      props: {},
      expected: 'fail',
      message: /memory is not set.*timeout is not set/i,
    },
    { name: 'both set', props: { MemorySize: 256, Timeout: 15 }, expected: 'pass', message: /256 MB/ },
    {
      name: 'memory set, timeout default',
      props: { MemorySize: 256 },
      expected: 'fail',
      message: /timeout is not set/i,
    },
    {
      name: 'memory from a parameter',
      props: { MemorySize: { Ref: 'Memory' }, Timeout: 10 },
      expected: 'unknown',
      message: /MemorySize/,
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected, message }) => {
    const t = template(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs20.x', ...props },
      { parameters: { Memory: { Type: 'Number' } } },
    );
    const result = runOnTemplate(rule, t, 'Subject');
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });
});
