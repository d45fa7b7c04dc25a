import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/kms-key-not-pending-deletion';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, HIDDEN, storageItem, template } from '../storage-helpers';

const pending = (ci: CI) => {
  ci.configuration.keyState = 'PendingDeletion';
  ci.configuration.enabled = false;
  ci.configuration.deletionDate = '2026-11-29T00:00:00.000Z';
};

describe('kms-key-not-pending-deletion', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: Enabled', mutate: () => {}, expected: 'pass' },
    { name: 'PendingDeletion', mutate: pending, expected: 'fail' },
    {
      name: 'PendingReplicaDeletion',
      mutate: (ci) => {
        ci.configuration.keyState = 'PendingReplicaDeletion';
      },
      expected: 'fail',
    },
    {
      name: 'Disabled is not pending deletion',
      mutate: (ci) => {
        ci.configuration.keyState = 'Disabled';
      },
      expected: 'pass',
    },
    {
      name: 'key state not recorded',
      mutate: (ci) => {
        delete ci.configuration.keyState;
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-kms-key');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it('says when the key will be deleted', () => {
    const item = storageItem('config-ci-kms-key');
    pending(item);
    const result = runOnConfigItem(rule, item, { now: new Date('2026-11-22T12:00:00Z') });
    expect(result.message).toBe('The key is scheduled for deletion on 2026-11-29 (in 7 days)');
    expect(result.evidence).toMatchObject({ keyState: 'PendingDeletion', daysLeft: 7 });
  });

  it.each([
    { name: 'declared key', props: {} },
    { name: 'key whose Enabled flag is hidden', props: { Enabled: HIDDEN, PendingWindowInDays: 7 } },
  ])('CloudFormation: $name -> not-applicable (a template key has no state yet)', ({ props }) => {
    expect(
      runOnTemplate(rule, template({ Key: { Type: 'AWS::KMS::Key', Properties: props } }), 'Key').status,
    ).toBe('not-applicable');
  });
});
