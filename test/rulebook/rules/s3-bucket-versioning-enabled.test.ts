import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/s3-bucket-versioning-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

describe('s3-bucket-versioning-enabled', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string; message?: RegExp }> = [
    { name: 'fixture: Enabled', mutate: () => {}, expected: 'pass' },
    {
      name: 'Suspended',
      mutate: (ci) => {
        ci.supplementaryConfiguration.BucketVersioningConfiguration = {
          status: 'Suspended',
          isMfaDeleteEnabled: null,
        };
      },
      expected: 'fail',
      message: /suspended/,
    },
    {
      name: 'Off (never enabled)',
      mutate: (ci) => {
        ci.supplementaryConfiguration.BucketVersioningConfiguration = {
          status: 'Off',
          isMfaDeleteEnabled: null,
        };
      },
      expected: 'fail',
      message: /never been enabled/,
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected, message }) => {
    const item = eventItem('config-ci-s3-bucket');
    mutate(item);
    const result = runOnConfigItem(rule, item);
    expect(result.status).toBe(expected);
    if (message) expect(result.message).toMatch(message);
  });

  const templateCases = [
    { name: 'no VersioningConfiguration', props: {}, expected: 'fail' },
    { name: 'Enabled', props: { VersioningConfiguration: { Status: 'Enabled' } }, expected: 'pass' },
    { name: 'Suspended', props: { VersioningConfiguration: { Status: 'Suspended' } }, expected: 'fail' },
    {
      name: 'status behind a parameter',
      props: { VersioningConfiguration: { Status: HIDDEN } },
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    expect(
      runOnTemplate(rule, template({ Bucket: { Type: 'AWS::S3::Bucket', Properties: props } }), 'Bucket')
        .status,
    ).toBe(expected);
  });
});
