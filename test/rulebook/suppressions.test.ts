import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/rulebook/model/finding';
import { applySuppressions, matches, type Suppression } from '../../functions/rulebook/suppressions';
import { realS3Finding } from '../report/fixtures';

const RULE = 's3-bucket-blocks-public-access';

/** The real S3 finding, moved to bucket `acme-prod-exports` in `accountId`. */
function findingOn(accountId: string): Finding {
  const finding = realS3Finding();
  return {
    ...finding,
    resource: {
      ...finding.resource,
      id: 'acme-prod-exports',
      arn: 'arn:aws:s3:::acme-prod-exports',
      name: 'acme-prod-exports',
      accountId,
    },
  };
}

function suppression(overrides: Partial<Suppression>): Suppression {
  return {
    ruleId: RULE,
    resource: '*',
    reason: 'accepted for the test',
    owner: 'platform-team',
    expires: '2026-12-01',
    ...overrides,
  };
}

describe('suppression matching', () => {
  // The resource pattern is a glob over the whole id, ARN or name: `*` is the only wildcard.
  it.each([
    { resource: 'acme-prod-exports', hides: true, why: 'the exact bucket name' },
    { resource: 'arn:aws:s3:::acme-prod-exports', hides: true, why: 'the exact ARN' },
    { resource: '*', hides: true, why: 'everything' },
    { resource: 'acme-prod-*', hides: true, why: 'a prefix glob' },
    { resource: '*-exports', hides: true, why: 'a suffix glob' },
    { resource: '*prod*', hides: true, why: 'a glob on both sides' },
    { resource: 'acme-*-exports', hides: true, why: 'a wildcard in the middle' },
    { resource: 'acme-prod-exports*', hides: true, why: '`*` also matches nothing' },
    { resource: 'arn:aws:s3:::acme-*', hides: true, why: 'a glob on the ARN' },
    { resource: 'prod', hides: false, why: 'a part of the name without wildcards' },
    { resource: 'acme-prod', hides: false, why: 'a prefix without `*`' },
    { resource: 'prod-exports', hides: false, why: 'a suffix without `*`' },
    { resource: 'acme-staging-*', hides: false, why: 'another prefix' },
    { resource: 'acme.prod.exports', hides: false, why: '`.` is a literal dot, not any character' },
    { resource: 'acme-prod-export?', hides: false, why: '`?` is a literal, not a wildcard' },
    { resource: 'acme-prod-exports-old', hides: false, why: 'a longer name' },
  ])('resource pattern $resource hides acme-prod-exports: $hides ($why)', ({ resource, hides }) => {
    expect(matches(suppression({ resource }), findingOn('111122223333'))).toBe(hides);
  });

  it.each([
    { scope: '111122223333', findingAccount: '111122223333', hides: true },
    { scope: '111122223333', findingAccount: '444455556666', hides: false },
    { scope: undefined, findingAccount: '111122223333', hides: true },
    { scope: undefined, findingAccount: '444455556666', hides: true },
  ])(
    'scoped to account $scope, a finding in $findingAccount is hidden: $hides',
    ({ scope, findingAccount, hides }) => {
      const s = suppression({ resource: 'acme-prod-*', ...(scope ? { accountId: scope } : {}) });
      expect(matches(s, findingOn(findingAccount))).toBe(hides);
    },
  );

  it.each([
    { ruleId: RULE, hides: true },
    { ruleId: '*', hides: true },
    { ruleId: 's3-bucket-enforces-tls', hides: false },
  ])('rule $ruleId hides a finding of the public-access rule: $hides', ({ ruleId, hides }) => {
    expect(matches(suppression({ ruleId }), findingOn('111122223333'))).toBe(hides);
  });

  it("an account-scoped suppression hides one account's finding and leaves the same bucket in another active", () => {
    // Prepare
    const here = findingOn('111122223333');
    const there = findingOn('444455556666');
    const scoped = suppression({ resource: 'acme-prod-exports', accountId: '111122223333' });
    // Act
    const outcome = applySuppressions([here, there], [scoped], new Date('2026-11-20T00:00:00Z'));
    // Assess
    expect(outcome.suppressed).toEqual([{ finding: here, suppression: scoped }]);
    expect(outcome.active).toEqual([there]);
  });

  it('an expired suppression hides nothing; it ends at the start (UTC) of its date', () => {
    const s = suppression({ resource: 'acme-prod-*', expires: '2026-12-01' });
    const f = findingOn('111122223333');
    expect(applySuppressions([f], [s], new Date('2026-11-30T23:59:59Z')).active).toEqual([]);
    expect(applySuppressions([f], [s], new Date('2026-12-01T00:00:00Z')).active).toEqual([f]);
  });
});
