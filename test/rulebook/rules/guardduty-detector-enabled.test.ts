import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/guardduty-detector-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { detectorItem, template } from '../iam-area-fixtures';

describe('guardduty-detector-enabled', () => {
  it.each([
    { name: 'fixture: Enable false', value: false, expected: 'fail' },
    { name: 'Enable true', value: true, expected: 'pass' },
    { name: 'no Enable field', value: undefined, expected: 'unknown' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = detectorItem();
    if (value === undefined) delete item.configuration.Enable;
    else item.configuration.Enable = value;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const cases = [
    { name: 'Enable true', props: { Enable: true }, expected: 'pass' },
    { name: 'Enable false', props: { Enable: false }, expected: 'fail' },
    { name: 'Enable from a parameter', props: { Enable: { Ref: 'On' } }, expected: 'unknown' },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const t = template('AWS::GuardDuty::Detector', props, { parameters: { On: { Type: 'String' } } });
    expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
  });
});
