import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/rulebook/model/finding';
import { approvalIdFor, fingerprintOf, stableStringify } from '../../functions/shared/fingerprint';
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

describe('stored ids stay valid (one-shot hashing gives the same digests as a Hash updated part by part)', () => {
  /** How fingerprints were computed before: one `update` per part. */
  function chained(parts: string[], encoding: 'hex' | 'base64url'): string {
    const h = createHash('sha256');
    for (const part of parts) h.update(part);
    return h.digest(encoding);
  }

  it.each([
    { text: 'plain ASCII', message: 'Bucket acme allows public read' },
    { text: 'non-ASCII', message: 'Bücket « acme » — 公開 🔓' },
    { text: 'lone surrogates at the part edges', message: '\ud83d…\udd13' },
  ])('fingerprintOf: $text', ({ message }) => {
    // Prepare
    const finding = { ...realS3Finding(), message, title: `${message}\ud800` };

    // Act
    const fingerprint = fingerprintOf(finding);

    // Assess
    const parts = [finding.severity, '\0', finding.title, '\0', finding.message, '\0'];
    expect(fingerprint).toBe(chained([...parts, stableStringify(finding.evidence)], 'hex').slice(0, 16));
  });

  it('approvalIdFor', () => {
    const executionId = 'arn:aws:states:eu-west-1:111122223333:execution:remediation:f-1-abc';
    expect(approvalIdFor(executionId, 'f-1')).toBe(
      chained([executionId, '|', 'f-1'], 'base64url').slice(0, 12),
    );
  });
});
