import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/rulebook/model/finding';
import { fingerprintOf } from '../../functions/shared/fingerprint';
import { realS3Finding } from '../report/fixtures';

/** The real S3 finding with `evidence` in place of its own. */
function withEvidence(evidence: Finding['evidence']): Finding {
  return { ...realS3Finding(), evidence };
}

describe('fingerprintOf (what a notification shows: severity, title, message, evidence)', () => {
  it('does not depend on the order of evidence keys, at any depth', () => {
    const a = withEvidence({
      settingsOff: ['blockPublicAcls'],
      policy: { principal: '*', action: 's3:GetObject' },
    });
    const b = withEvidence({
      policy: { action: 's3:GetObject', principal: '*' },
      settingsOff: ['blockPublicAcls'],
    });
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });

  it('ignores an undefined evidence value, as JSON across a Lambda boundary drops it', () => {
    const a = withEvidence({ settingsOff: ['blockPublicAcls'], bucketPolicy: undefined });
    const b = withEvidence({ settingsOff: ['blockPublicAcls'] });
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });

  const before = { settingsOff: ['blockPublicAcls'], policy: { principal: '*' } };
  it.each([
    {
      change: 'another value in a list',
      evidence: { settingsOff: ['blockPublicAcls', 'ignorePublicAcls'], policy: { principal: '*' } },
    },
    { change: 'an extra key', evidence: { ...before, bucketPolicy: 'public' } },
    {
      change: 'a nested value',
      evidence: { settingsOff: ['blockPublicAcls'], policy: { principal: 'arn:aws:iam::444455556666:root' } },
    },
    {
      change: 'a value of another type',
      evidence: { settingsOff: 'blockPublicAcls', policy: { principal: '*' } },
    },
  ])('changes when only the evidence changes: $change', ({ evidence }) => {
    expect(fingerprintOf(withEvidence(evidence))).not.toBe(fingerprintOf(withEvidence(before)));
  });

  it('changes with the severity, the title or the message, and not with the observation time', () => {
    const base = realS3Finding();
    const print = fingerprintOf(base);
    expect(fingerprintOf({ ...base, severity: 'critical' })).not.toBe(print);
    expect(fingerprintOf({ ...base, title: `${base.title}.` })).not.toBe(print);
    expect(fingerprintOf({ ...base, message: `${base.message}.` })).not.toBe(print);
    expect(fingerprintOf({ ...base, observedAt: '2027-01-01T00:00:00.000Z' })).toBe(print);
  });
});
