import { describe, expect, it } from 'vitest';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createTask as evaluate } from '../../functions/handlers/evaluate/handler';
import { createTask as normalize } from '../../functions/handlers/normalize/handler';
import { createTask as record } from '../../functions/handlers/record/handler';
import { RuleBook } from '../../functions/rulebook/engine';
import type { Finding } from '../../functions/rulebook/model/finding';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { remediationExecutionName, remediationGroupExecutionName } from '../../functions/shared/fingerprint';
import { fixKey, groupByFix, outsideGroup } from '../../functions/shared/remediation-groups';
import { bucketEvent } from '../workflow/support';

type Member = Pick<Finding, 'id' | 'severity' | 'remediation' | 'resource'> & {
  fingerprint: string;
  openedAt?: string;
};

const bucket = { type: 'AWS::S3::Bucket', id: 'b', accountId: '111122223333', region: 'eu-west-1' };
const member = (id: string, overrides: Partial<Member> = {}): Member => ({
  id,
  severity: 'high',
  remediation: 's3-put-public-access-block',
  resource: bucket,
  fingerprint: `fp-${id}`,
  openedAt: '2026-11-18T10:00:00.000Z',
  ...overrides,
});

describe('groupByFix: one group per fix and resource', () => {
  it('groups the same fix on the same resource; lead: most severe, then by id; findings without a fix are left out', () => {
    const items = [
      member('c'),
      member('a', { severity: 'medium' }),
      member('b', { severity: 'critical' }),
      member('x', { remediation: undefined }),
      member('d'),
    ];
    const groups = groupByFix(items, (f) => f);
    expect(groups.map((g) => [g.lead.id, ...g.covers.map((f) => f.id)])).toEqual([['b', 'c', 'd', 'a']]);
  });

  it.each([
    ['another fix', { remediation: 's3-add-tls-only-policy' }],
    ['another account', { resource: { ...bucket, accountId: '444455556666' } }],
    ['another region', { resource: { ...bucket, region: 'us-east-1' } }],
    ['another resource type', { resource: { ...bucket, type: 'AWS::S3::AccessPoint' } }],
    ['another resource id', { resource: { ...bucket, id: 'other' } }],
  ])('%s is another group, and outsideGroup refuses it as a cover', (_, overrides) => {
    const other = member('o', overrides);
    expect(fixKey(other)).not.toBe(fixKey(member('a')));
    expect(groupByFix([member('a'), other], (f) => f)).toHaveLength(2);
    expect(outsideGroup(member('a'), [member('b'), other])).toBe(other);
  });

  it('outsideGroup accepts a sound group, and refuses the lead listed again or a lead without a fix', () => {
    expect(outsideGroup(member('a'), [member('b'), member('c')])).toBeUndefined();
    expect(outsideGroup(member('a'), [])).toBeUndefined();
    expect(outsideGroup(member('a'), [member('b'), member('a')])?.id).toBe('a');
    expect(outsideGroup(member('a', { remediation: undefined }), [member('b')])?.id).toBe('b');
  });
});

describe('remediationGroupExecutionName', () => {
  const a = member('0123456789abcdef01234567', { fingerprint: '0123456789abcdef' });
  const b = member('89abcdef0123456789abcdef', { fingerprint: 'fedcba9876543210' });

  it('one finding: the name a lone finding always had', () => {
    expect(remediationGroupExecutionName([a])).toBe(remediationExecutionName(a));
  });

  it('the same group recorded again gets the same name; a change, a reopening or another member a new one', () => {
    const name = remediationGroupExecutionName([a, b]);
    expect(name).toMatch(/^0123456789abcdef01234567-[0-9a-f]{16}-[0-9a-z]+$/);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(remediationGroupExecutionName([{ ...a }, { ...b }])).toBe(name);
    expect(remediationGroupExecutionName([a, { ...b, fingerprint: 'changed' }])).not.toBe(name);
    expect(remediationGroupExecutionName([a, { ...b, openedAt: '2026-11-19T10:00:00.000Z' }])).not.toBe(name);
    expect(remediationGroupExecutionName([a, b, member('c')])).not.toBe(name);
    expect(remediationGroupExecutionName([a])).not.toBe(name);
  });
});

describe('Record: the lead item starts the remediation for its group', () => {
  const book = (...ids: string[]) =>
    new RuleBook(ids.map((id) => (RULES as unknown as Record<string, AnyRule>)[id]!));

  async function recordBucket(ruleIds: string[]) {
    const store = new MemoryStore();
    const normalized = await normalize({ configItems: new FixtureConfigItemSource([]) })(bucketEvent());
    const evaluated = await evaluate({ book: book(...ruleIds) })(normalized);
    const task = record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity: 'info',
    });
    return { store, evaluated, task };
  }

  it('two findings with one fix on the bucket: both posted, one remediation covering the other; another fix on its own', async () => {
    const { evaluated, task } = await recordBucket([
      's3-bucket-blocks-public-access',
      's3-bucket-policy-not-public',
      's3-bucket-enforces-tls',
    ]);
    const recorded = await task(evaluated);
    const items = recorded.notifications.map((n) => ({
      rule: n.finding.ruleId,
      fix: n.remediation?.id,
      covers: n.remediation?.covers.map((f) => f.ruleId),
    }));
    expect(items.sort((x, y) => x.rule.localeCompare(y.rule))).toEqual([
      { rule: 's3-bucket-blocks-public-access', fix: undefined, covers: undefined },
      { rule: 's3-bucket-enforces-tls', fix: 's3-add-tls-only-policy', covers: [] },
      {
        rule: 's3-bucket-policy-not-public',
        fix: 's3-put-public-access-block',
        covers: ['s3-bucket-blocks-public-access'],
      },
    ]);
    const lead = recorded.notifications.find((n) => n.remediation?.covers.length)!;
    expect(lead.remediation!.executionName).toBe(
      remediationGroupExecutionName([lead.finding, ...lead.remediation!.covers]),
    );
  });

  it('a resolution starts nothing, and is never covered', async () => {
    const { store, evaluated, task } = await recordBucket([
      's3-bucket-blocks-public-access',
      's3-bucket-policy-not-public',
    ]);
    await task(evaluated);
    const fixed = bucketEvent({ compliant: true, id: 'fixed' });
    const item = fixed.detail.configurationItem as { supplementaryConfiguration: Record<string, unknown> };
    item.supplementaryConfiguration.BucketPolicy = { policyText: null };
    const normalized = await normalize({ configItems: new FixtureConfigItemSource([]) })(fixed);
    const resolved = await record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity: 'info',
    })(
      await evaluate({ book: book('s3-bucket-blocks-public-access', 's3-bucket-policy-not-public') })(
        normalized,
      ),
    );
    expect(resolved.notifications.map((n) => [n.kind, n.remediation])).toEqual([
      ['resolved', undefined],
      ['resolved', undefined],
    ]);
  });
});
