import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/cost-optimization/s3-bucket-has-lifecycle-rules';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

/** Shape of one rule as Config records it (Java SDK model: unset numbers are -1). */
const configRule = (overrides: Record<string, unknown>) => ({
  id: 'archive',
  prefix: null,
  status: 'Enabled',
  filter: { predicate: { type: 'LifecyclePrefixPredicate', prefix: '' } },
  expirationInDays: -1,
  expiredObjectDeleteMarker: false,
  noncurrentVersionExpirationInDays: -1,
  expirationDate: null,
  transitions: null,
  noncurrentVersionTransitions: null,
  abortIncompleteMultipartUpload: null,
  ...overrides,
});
const withRules = (rules: unknown[]) => (ci: CI) => {
  ci.supplementaryConfiguration.BucketLifecycleConfiguration = { rules };
};

describe('s3-bucket-has-lifecycle-rules', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: no lifecycle configuration', mutate: () => {}, expected: 'fail' },
    {
      name: 'the seed rule (transitions + expiration)',
      mutate: withRules([
        configRule({
          expirationInDays: 365,
          noncurrentVersionExpirationInDays: 30,
          transitions: [
            { days: 90, storageClass: 'STANDARD_IA' },
            { days: 180, storageClass: 'GLACIER' },
          ],
        }),
      ]),
      expected: 'pass',
    },
    {
      name: 'a rule with every action unset (-1 / null)',
      mutate: withRules([configRule({})]),
      expected: 'fail',
    },
    {
      name: 'a disabled rule',
      mutate: withRules([configRule({ status: 'Disabled', expirationInDays: 30 })]),
      expected: 'fail',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-s3-bucket');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'no LifecycleConfiguration', rules: undefined, expected: 'fail' },
    {
      name: 'noncurrent-version expiration only',
      rules: [{ Id: 'old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }],
      expected: 'pass',
    },
    { name: 'disabled rule', rules: [{ Status: 'Disabled', ExpirationInDays: 30 }], expected: 'fail' },
    {
      name: 'status behind a parameter',
      rules: [{ Status: HIDDEN, ExpirationInDays: 30 }],
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ rules, expected }) => {
    const props = rules ? { LifecycleConfiguration: { Rules: rules } } : {};
    expect(
      runOnTemplate(rule, template({ Bucket: { Type: 'AWS::S3::Bucket', Properties: props } }), 'Bucket')
        .status,
    ).toBe(expected);
  });
});
