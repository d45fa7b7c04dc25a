import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/sns-topic-encrypted';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, HIDDEN, storageItem, template } from '../storage-helpers';

describe('sns-topic-encrypted', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: no KmsMasterKeyId', mutate: () => {}, expected: 'fail' },
    {
      name: 'AWS managed key alias',
      mutate: (ci) => {
        ci.configuration.KmsMasterKeyId = 'alias/aws/sns';
      },
      expected: 'pass',
    },
    {
      name: 'empty KmsMasterKeyId (encryption removed)',
      mutate: (ci) => {
        ci.configuration.KmsMasterKeyId = '';
      },
      expected: 'fail',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-sns-topic');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'no KmsMasterKeyId', props: {}, expected: 'fail' },
    {
      name: 'key from the template (!GetAtt Key.Arn)',
      props: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
      expected: 'pass',
    },
    {
      name: 'key id behind a parameter (may be empty)',
      props: { KmsMasterKeyId: HIDDEN },
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const resources = {
      Topic: { Type: 'AWS::SNS::Topic', Properties: props },
      Key: { Type: 'AWS::KMS::Key' },
    };
    expect(runOnTemplate(rule, template(resources), 'Topic').status).toBe(expected);
  });

  it('shows which key encrypts the topic', () => {
    const resources = { Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } } };
    expect(runOnTemplate(rule, template(resources), 'Topic').evidence).toEqual({
      kmsMasterKeyId: '<Ref Key>',
    });
  });
});
