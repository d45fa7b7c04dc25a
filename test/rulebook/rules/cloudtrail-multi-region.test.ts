import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/cloudtrail-multi-region';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { template, trailItem } from '../iam-area-fixtures';

const base = { S3BucketName: 'acme-cloudtrail', IsLogging: true };

describe('cloudtrail-multi-region', () => {
  it.each([
    { name: 'fixture: single Region', value: false, expected: 'fail' },
    { name: 'multi-Region', value: true, expected: 'pass' },
    { name: 'field missing', value: undefined, expected: 'fail' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = trailItem();
    if (value === undefined) delete item.configuration.isMultiRegionTrail;
    else item.configuration.isMultiRegionTrail = value;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'default (single Region)', props: {}, expected: 'fail' },
    { name: 'IsMultiRegionTrail true', props: { IsMultiRegionTrail: true }, expected: 'pass' },
    { name: 'IsMultiRegionTrail "false"', props: { IsMultiRegionTrail: 'false' }, expected: 'fail' },
    { name: 'from a parameter', props: { IsMultiRegionTrail: { Ref: 'Multi' } }, expected: 'unknown' },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template(
      'AWS::CloudTrail::Trail',
      { ...base, ...props },
      { parameters: { Multi: { Type: 'String' } } },
    );
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
