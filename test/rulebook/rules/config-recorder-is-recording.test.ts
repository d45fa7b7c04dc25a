import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/config-recorder-is-recording';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { recorderItem, template } from '../iam-area-fixtures';

describe('config-recorder-is-recording', () => {
  it.each([
    { name: 'fixture: Recording false', value: false, expected: 'fail' },
    { name: 'Recording true', value: true, expected: 'pass' },
    { name: 'no Recording field', value: undefined, expected: 'unknown' },
  ])('Config item: $name -> $expected', ({ value, expected }) => {
    const item = recorderItem();
    if (value === undefined) delete item.configuration.Recording;
    else item.configuration.Recording = value;
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it('CloudFormation: not applicable (the recording state is not a template property)', () => {
    const t = template('AWS::Config::ConfigurationRecorder', {
      RoleARN: 'arn:aws:iam::111122223333:role/config',
    });
    expect(runOnTemplate(rule, t, 'Subject').status).toBe('not-applicable');
  });
});
