import { describe, expect, it } from 'vitest';
import type { ComplianceChange } from '../../../functions/rulebook/model/compliance-change';
import { classifyEvent } from '../../../functions/rulebook/normalizers/events/classify';
import rule from '../../../functions/rulebook/rules/security/config-rule-non-compliant';
import { fixture, run } from '../../support/rule-harness';

function change(patch: Partial<ComplianceChange> = {}): ComplianceChange {
  const classified = classifyEvent(fixture('events/config-rules-compliance-change.json'));
  if (classified.kind !== 'compliance-change') throw new Error(classified.kind);
  return { ...classified.change, configRuleName: 'acme-custom-bucket-naming', ...patch };
}

describe('config-rule-non-compliant', () => {
  it('NON_COMPLIANT fails with the Config annotation as message', () => {
    const result = run(rule, change());
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'AWS Config rule acme-custom-bucket-naming: Bucket-level Block Public Access settings are not all enabled.',
      evidence: { configRuleName: 'acme-custom-bucket-naming', previousComplianceType: 'COMPLIANT' },
    });
  });

  it.each<[Partial<ComplianceChange>, string, string]>([
    [
      { annotation: undefined },
      'fail',
      'AWS Config rule acme-custom-bucket-naming reports AWS::S3::Bucket acme-prod-customer-exports as NON_COMPLIANT',
    ],
    [
      { complianceType: 'COMPLIANT' },
      'pass',
      'AWS Config rule acme-custom-bucket-naming reports AWS::S3::Bucket acme-prod-customer-exports as COMPLIANT',
    ],
    [
      { complianceType: 'INSUFFICIENT_DATA' },
      'not-applicable',
      'AWS Config rule acme-custom-bucket-naming reports INSUFFICIENT_DATA for AWS::S3::Bucket acme-prod-customer-exports',
    ],
  ])('%j -> %s', (patch, status, message) => {
    expect(run(rule, change(patch))).toMatchObject({ status, message });
  });

  it('is never indexed by the engine (only compliance.ts uses it)', () => {
    expect(rule.appliesTo).toEqual({ kind: 'config-rule' });
  });
});
