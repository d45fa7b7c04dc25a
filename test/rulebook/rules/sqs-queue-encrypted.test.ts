import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/sqs-queue-encrypted';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, HIDDEN, storageItem, template } from '../storage-helpers';

describe('sqs-queue-encrypted', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: legacy queue, SqsManagedSseEnabled "false"', mutate: () => {}, expected: 'fail' },
    {
      name: 'neither attribute recorded (queue older than SSE-SQS)',
      mutate: (ci) => {
        delete ci.configuration.SqsManagedSseEnabled;
      },
      expected: 'fail',
    },
    {
      name: 'SSE-SQS on',
      mutate: (ci) => {
        ci.configuration.SqsManagedSseEnabled = 'true';
      },
      expected: 'pass',
    },
    {
      name: 'SSE-KMS',
      mutate: (ci) => {
        ci.configuration.KmsMasterKeyId = 'alias/orders-queue';
        ci.configuration.KmsDataKeyReusePeriodSeconds = 300;
      },
      expected: 'pass',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-sqs-queue');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'no encryption properties: SSE-SQS by default', props: {}, expected: 'pass' },
    { name: 'SqsManagedSseEnabled false', props: { SqsManagedSseEnabled: false }, expected: 'fail' },
    { name: 'KMS key from the template', props: { KmsMasterKeyId: { Ref: 'Key' } }, expected: 'pass' },
    { name: 'SSE-SQS flag behind a parameter', props: { SqsManagedSseEnabled: HIDDEN }, expected: 'unknown' },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const resources = {
      Queue: { Type: 'AWS::SQS::Queue', Properties: props },
      Key: { Type: 'AWS::KMS::Key' },
    };
    expect(runOnTemplate(rule, template(resources), 'Queue').status).toBe(expected);
  });

  it('says when encryption is only the SQS default', () => {
    const result = runOnTemplate(rule, template({ Queue: { Type: 'AWS::SQS::Queue' } }), 'Queue');
    expect(result.message).toMatch(/default for new queues/);
  });
});
