import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-bucket-access-logging';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

describe('s3-bucket-access-logging', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: destinationBucketName null', mutate: () => {}, expected: 'fail' },
    {
      name: 'logs to a central bucket',
      mutate: (ci) => {
        ci.supplementaryConfiguration.BucketLoggingConfiguration = {
          destinationBucketName: 'acme-s3-access-logs',
          logFilePrefix: 'exports/',
        };
      },
      expected: 'pass',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-s3-bucket');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'no LoggingConfiguration', props: {}, expected: 'fail' },
    {
      name: 'logs to another bucket of the template',
      props: { LoggingConfiguration: { DestinationBucketName: { Ref: 'LogBucket' } } },
      expected: 'pass',
    },
    {
      name: 'logs to the bucket itself (no destination)',
      props: { LoggingConfiguration: {} },
      expected: 'pass',
    },
    {
      name: 'whole configuration behind a parameter',
      props: { LoggingConfiguration: HIDDEN },
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const resources = {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: props },
      LogBucket: { Type: 'AWS::S3::Bucket' },
    };
    expect(runOnTemplate(rule, template(resources), 'Bucket').status).toBe(expected);
  });
});
