import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/kms-key-rotation-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, HIDDEN, storageItem, template } from '../storage-helpers';

describe('kms-key-rotation-enabled', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: customer managed symmetric key, rotation off', mutate: () => {}, expected: 'fail' },
    {
      name: 'rotation on',
      mutate: (ci) => {
        ci.supplementaryConfiguration.KeyRotationStatus = true;
      },
      expected: 'pass',
    },
    {
      name: 'AWS managed key',
      mutate: (ci) => {
        ci.configuration.keyManager = 'AWS';
      },
      expected: 'not-applicable',
    },
    {
      name: 'asymmetric signing key',
      mutate: (ci) => {
        ci.configuration.keySpec = 'ECC_NIST_P256';
        ci.configuration.keyUsage = 'SIGN_VERIFY';
      },
      expected: 'not-applicable',
    },
    {
      name: 'HMAC key',
      mutate: (ci) => {
        ci.configuration.keySpec = 'HMAC_256';
        ci.configuration.keyUsage = 'GENERATE_VERIFY_MAC';
      },
      expected: 'not-applicable',
    },
    {
      name: 'imported key material',
      mutate: (ci) => {
        ci.configuration.origin = 'EXTERNAL';
      },
      expected: 'not-applicable',
    },
    {
      name: 'rotation status not recorded',
      mutate: (ci) => {
        delete ci.supplementaryConfiguration.KeyRotationStatus;
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-kms-key');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'EnableKeyRotation not set (default false)', props: {}, expected: 'fail' },
    { name: 'EnableKeyRotation true', props: { EnableKeyRotation: true }, expected: 'pass' },
    {
      name: 'RSA signing key',
      props: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' },
      expected: 'not-applicable',
    },
    { name: 'rotation behind a parameter', props: { EnableKeyRotation: HIDDEN }, expected: 'unknown' },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    expect(
      runOnTemplate(rule, template({ Key: { Type: 'AWS::KMS::Key', Properties: props } }), 'Key').status,
    ).toBe(expected);
  });
});
