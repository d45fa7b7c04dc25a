import { describe, expect, it } from 'vitest';
import { normalizeConfigItem } from '../../../functions/rulebook/normalizers/load';
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

  it('does not ask the log bucket itself to log (it receives the logs of another bucket)', () => {
    const resources = {
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Properties: { LoggingConfiguration: { DestinationBucketName: { Ref: 'LogBucket' } } },
      },
      LogBucket: { Type: 'AWS::S3::Bucket' },
      Unrelated: { Type: 'AWS::S3::Bucket' },
    };
    const logBucket = runOnTemplate(rule, template(resources), 'LogBucket');
    expect(logBucket.status).toBe('not-applicable');
    expect(logBucket.message).toContain('Bucket');
    expect(runOnTemplate(rule, template(resources), 'Unrelated').status).toBe('fail');
  });

  it('recognises a log bucket in a Config snapshot by name', () => {
    const source = eventItem('config-ci-s3-bucket');
    source.resourceId = 'acme-prod-web';
    source.resourceName = 'acme-prod-web';
    source.supplementaryConfiguration.BucketLoggingConfiguration = {
      destinationBucketName: 'acme-prod-customer-exports',
      logFilePrefix: 'web/',
    };
    const inventory = [normalizeConfigItem(source, 'snapshot')];
    const result = runOnConfigItem(rule, eventItem('config-ci-s3-bucket'), { inventory });
    expect(result.status).toBe('not-applicable');
    expect(runOnConfigItem(rule, eventItem('config-ci-s3-bucket')).status).toBe('fail');
  });
});
