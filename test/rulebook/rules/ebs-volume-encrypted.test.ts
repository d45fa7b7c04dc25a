import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ebs-volume-encrypted';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, template } from '../storage-helpers';

describe('ebs-volume-encrypted', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: encrypted false', mutate: () => {}, expected: 'fail' },
    {
      name: 'encrypted',
      mutate: (ci) => {
        ci.configuration.encrypted = true;
        ci.configuration.kmsKeyId =
          'arn:aws:kms:eu-west-1:111122223333:key/6f1e2d3c-4b5a-4968-8f7e-6d5c4b3a2f10';
      },
      expected: 'pass',
    },
    {
      name: 'flag not recorded',
      mutate: (ci) => {
        delete ci.configuration.encrypted;
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-ec2-volume-unattached');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const volume = (props: Record<string, unknown>) => ({
    Volume: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'eu-west-1a', Size: 100, ...props } },
  });
  const templateCases = [
    { name: 'Encrypted not set', props: {}, expected: 'fail' },
    { name: 'Encrypted true', props: { Encrypted: true }, expected: 'pass' },
    {
      name: 'restored from a snapshot',
      props: { SnapshotId: 'snap-0123456789abcdef0' },
      expected: 'unknown',
    },
    { name: 'Encrypted behind a parameter', props: { Encrypted: HIDDEN }, expected: 'unknown' },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    expect(runOnTemplate(rule, template(volume(props)), 'Volume').status).toBe(expected);
  });

  it('mentions account-level encryption by default for templates', () => {
    expect(runOnTemplate(rule, template(volume({})), 'Volume').message).toMatch(/encryption by default/);
  });
});
