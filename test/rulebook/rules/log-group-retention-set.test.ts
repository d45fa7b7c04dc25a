import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/log-group-retention-set';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { logGroupItem, template } from '../iam-area-fixtures';

describe('log-group-retention-set', () => {
  it.each([
    { name: 'fixture: never expire', patch: {}, expected: 'fail' },
    { name: '90 days (CloudFormation-style field)', patch: { RetentionInDays: 90 }, expected: 'pass' },
    { name: '7 days (DescribeLogGroups-style field)', patch: { retentionInDays: 7 }, expected: 'fail' },
  ])('Config item: $name -> $expected', ({ patch, expected }) => {
    const item = logGroupItem();
    Object.assign(item.configuration, patch);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'no RetentionInDays', props: {}, config: {}, expected: 'fail' },
    {
      name: '30 days with the default 30-day minimum',
      props: { RetentionInDays: 30 },
      config: {},
      expected: 'pass',
    },
    { name: '14 days', props: { RetentionInDays: 14 }, config: {}, expected: 'fail' },
    {
      name: '90 days with a 365-day minimum',
      props: { RetentionInDays: 90 },
      config: { logs: { minRetentionDays: 365 } },
      expected: 'fail',
    },
    {
      name: 'from a parameter',
      props: { RetentionInDays: { Ref: 'Days' } },
      config: {},
      expected: 'unknown',
    },
    {
      name: 'from a Number parameter that defaults to 30',
      props: { RetentionInDays: { Ref: 'DefaultDays' } },
      config: {},
      expected: 'pass',
    },
    {
      name: 'from a Number parameter that defaults to 30, with a 365-day minimum',
      props: { RetentionInDays: { Ref: 'DefaultDays' } },
      config: { logs: { minRetentionDays: 365 } },
      expected: 'fail',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, config, expected }) => {
    const t = template('AWS::Logs::LogGroup', props, {
      parameters: { Days: { Type: 'Number' }, DefaultDays: { Type: 'Number', Default: 30 } },
    });
    expect(runOnTemplate(rule, t, 'Subject', { config }).status).toBe(expected);
  });
});
