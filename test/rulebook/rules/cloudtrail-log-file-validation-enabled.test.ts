import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-log-file-validation-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { template, trailItem } from '../iam-area-fixtures';

const base = { S3BucketName: 'acme-cloudtrail', IsLogging: true };

describe('cloudtrail-log-file-validation-enabled', () => {
  it.each([
    { name: 'fixture: off', value: false, expected: 'fail' },
    { name: 'on', value: true, expected: 'pass' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = trailItem();
    item.configuration.logFileValidationEnabled = value;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'default (off)', props: {}, expected: 'fail' },
    { name: 'EnableLogFileValidation true', props: { EnableLogFileValidation: true }, expected: 'pass' },
    {
      name: 'from a parameter',
      props: { EnableLogFileValidation: { Ref: 'Validate' } },
      expected: 'unknown',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template(
      'AWS::CloudTrail::Trail',
      { ...base, ...props },
      { parameters: { Validate: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
