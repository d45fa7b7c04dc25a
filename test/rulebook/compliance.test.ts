import { describe, expect, it } from 'vitest';
import { findingFromComplianceChange, managedRuleNameOf } from '../../functions/rulebook/compliance';
import { parseRuleBookConfig } from '../../functions/rulebook/config';
import { evaluateSubject, findingId, RuleBook, toFinding } from '../../functions/rulebook/engine';
import type { ComplianceChange } from '../../functions/rulebook/model/compliance-change';
import { notApplicable } from '../../functions/rulebook/model/evaluation';
import { classifyEvent } from '../../functions/rulebook/normalizers/events/classify';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import { type AnyRule, defineRule } from '../../functions/rulebook/rule';
import activitySsh from '../../functions/rulebook/rules/security/ec2-security-group-opened-to-world';
import { configItemFromEvent, fixture } from '../support/rule-harness';

const NOW = new Date('2026-11-22T12:00:00Z');
const book = new RuleBook();

function change(patch: Partial<ComplianceChange> = {}): ComplianceChange {
  const classified = classifyEvent(fixture('events/config-rules-compliance-change.json'));
  if (classified.kind !== 'compliance-change') throw new Error(classified.kind);
  return { ...classified.change, ...patch };
}

describe('findingFromComplianceChange', () => {
  it("maps the managed S3 rule to s3-bucket-blocks-public-access, with Config's annotation as message", () => {
    const outcome = findingFromComplianceChange(change(), book, NOW);
    if (outcome.kind !== 'finding') throw new Error(outcome.kind);
    expect(outcome.finding).toMatchObject({
      ruleId: 's3-bucket-blocks-public-access',
      title: 'S3 buckets block public access (all four settings)',
      pillar: 'security',
      severity: 'high',
      source: 'config',
      message:
        'AWS Config rule s3-bucket-level-public-access-prohibited: Bucket-level Block Public Access settings are not all enabled.',
      resource: {
        type: 'AWS::S3::Bucket',
        id: 'acme-prod-customer-exports',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
      remediation: 's3-put-public-access-block',
      references: { configRules: ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'] },
      observedAt: '2025-06-10T09:15:01.993Z',
      evidence: { configRuleName: 's3-bucket-level-public-access-prohibited', mappedFromConfigRule: true },
    });
  });

  it("has the same finding id as the bot's own evaluation of that bucket, so the two are one finding", () => {
    const outcome = findingFromComplianceChange(change(), book, NOW);
    const bucket = normalizeConfigItem(configItemFromEvent('events/config-ci-s3-bucket.json'));
    const own = evaluateSubject(bucket, book)
      .map((r) => toFinding(r, book, NOW))
      .find((f) => f?.ruleId === 's3-bucket-blocks-public-access');
    expect(own).toBeDefined();
    expect(outcome.kind === 'finding' && outcome.finding.id).toBe(own?.id);
  });

  it.each(['COMPLIANT', 'NOT_APPLICABLE'])(
    "%s resolves the same finding id, as Config's verdict (the bot's own failing check decides)",
    (complianceType) => {
      const open = findingFromComplianceChange(change(), book, NOW);
      const closed = findingFromComplianceChange(change({ complianceType }), book, NOW);
      expect(closed).toEqual({
        kind: 'passed',
        passed: {
          findingId: open.kind === 'finding' ? open.finding.id : 'missing',
          ruleId: 's3-bucket-blocks-public-access',
          resource: {
            type: 'AWS::S3::Bucket',
            id: 'acme-prod-customer-exports',
            accountId: '111122223333',
            region: 'eu-west-1',
          },
          configVerdict: true,
        },
      });
    },
  );

  it("an unmapped rule's pass is not marked a verdict: its generic finding has no other source", () => {
    const closed = findingFromComplianceChange(
      change({ configRuleName: 'acme-bucket-naming', complianceType: 'COMPLIANT' }),
      book,
      NOW,
    );
    expect(closed.kind === 'passed' && closed.passed.ruleId).toBe('config-rule-non-compliant');
    expect(closed.kind === 'passed' && closed.passed).not.toHaveProperty('configVerdict');
  });

  it('INSUFFICIENT_DATA is ignored', () => {
    expect(findingFromComplianceChange(change({ complianceType: 'INSUFFICIENT_DATA' }), book, NOW).kind).toBe(
      'ignored',
    );
  });

  it.each([
    ['s3-bucket-level-public-access-prohibited', 's3-bucket-level-public-access-prohibited'],
    ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 's3-bucket-level-public-access-prohibited'],
    [
      'securityhub-s3-bucket-level-public-access-prohibited-1a2b3c',
      's3-bucket-level-public-access-prohibited',
    ],
    [
      's3-bucket-level-public-access-prohibited-conformance-pack-q7x2lm9k',
      's3-bucket-level-public-access-prohibited',
    ],
    [
      'OrgConfigRule-s3-bucket-level-public-access-prohibited-abcd1234',
      's3-bucket-level-public-access-prohibited',
    ],
    ['my-s3-bucket-level-public-access-prohibited-v2', 's3-bucket-level-public-access-prohibited'],
    ['xs3-bucket-level-public-access-prohibited', undefined],
    ['s3-bucket-level-public-access-prohibitedx', undefined],
    ['acme-custom-rule', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(managedRuleNameOf(name, book)).toBe(expected);
  });

  it('reads default names that differ from the identifier (restricted-ssh, cloudtrail-enabled)', () => {
    const ssh = findingFromComplianceChange(
      change({
        configRuleName: 'restricted-ssh',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-1',
      }),
      book,
      NOW,
    );
    // Both the activity rule and the security group state rule reference INCOMING_SSH_DISABLED; a Config
    // verdict is about a resource's state, so the state rule for the same resource type wins.
    expect(ssh.kind === 'finding' && ssh.finding.ruleId).toBe('ec2-security-group-no-world-ingress');
    expect(managedRuleNameOf('securityhub-restricted-ssh-9f8e7d', book)).toBe('incoming-ssh-disabled');
    expect(managedRuleNameOf('cloudtrail-enabled', book)).toBe('cloud-trail-enabled');
    expect(managedRuleNameOf('multi-region-cloudtrail-enabled', book)).toBe(
      'multi-region-cloud-trail-enabled',
    );
  });

  it("prefers a resource rule for the change's type over an activity rule claiming the same Config rule", () => {
    const stateRule = defineRule({
      ...activitySsh,
      id: 'security-group-no-world-ssh',
      appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::SecurityGroup'] },
      evaluate: () => notApplicable('test double'),
    });
    const both = new RuleBook([activitySsh as AnyRule, stateRule as AnyRule]);
    const outcome = findingFromComplianceChange(
      change({
        configRuleName: 'incoming-ssh-disabled',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-1',
      }),
      both,
      NOW,
    );
    expect(outcome.kind === 'finding' && outcome.finding.ruleId).toBe('security-group-no-world-ssh');
  });

  it('an unmapped rule becomes a generic finding, one per Config rule and resource', () => {
    const a = findingFromComplianceChange(change({ configRuleName: 'acme-bucket-naming' }), book, NOW);
    const b = findingFromComplianceChange(change({ configRuleName: 'acme-bucket-owner-tag' }), book, NOW);
    if (a.kind !== 'finding' || b.kind !== 'finding') throw new Error('expected findings');
    expect(a.finding).toMatchObject({
      ruleId: 'config-rule-non-compliant',
      pillar: 'security',
      severity: 'medium',
      source: 'config',
      message:
        'AWS Config rule acme-bucket-naming: Bucket-level Block Public Access settings are not all enabled.',
      evidence: { mappedFromConfigRule: false },
    });
    expect(a.finding.id).not.toBe(b.finding.id);
    expect(a.finding.id).toBe(
      findingId('config-rule-non-compliant', {
        type: 'AWS::S3::Bucket',
        id: 'acme-prod-customer-exports#acme-bucket-naming',
        accountId: '111122223333',
        region: 'eu-west-1',
      }),
    );
  });

  it('severity overrides from the configuration apply', () => {
    const strict = new RuleBook(
      undefined,
      parseRuleBookConfig({ severityOverrides: { 'config-rule-non-compliant': 'high' } }),
    );
    const outcome = findingFromComplianceChange(
      change({ configRuleName: 'acme-bucket-naming' }),
      strict,
      NOW,
    );
    expect(outcome.kind === 'finding' && outcome.finding.severity).toBe('high');
  });

  it('a Config rule whose book rule is disabled is ignored, not filed as generic', () => {
    const quiet = new RuleBook(
      undefined,
      parseRuleBookConfig({ disabledRules: ['s3-bucket-blocks-public-access'] }),
    );
    const outcome = findingFromComplianceChange(change(), quiet, NOW);
    expect(outcome).toEqual({
      kind: 'ignored',
      reason:
        'rule s3-bucket-blocks-public-access covers s3-bucket-level-public-access-prohibited and is disabled',
    });
  });

  it('nothing is filed when the generic rule is disabled and no rule maps', () => {
    const quiet = new RuleBook(
      undefined,
      parseRuleBookConfig({ disabledRules: ['config-rule-non-compliant'] }),
    );
    expect(
      findingFromComplianceChange(change({ configRuleName: 'acme-bucket-naming' }), quiet, NOW).kind,
    ).toBe('ignored');
  });
});
