import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAll, RuleBook, type RuleResult } from '../../functions/rulebook/engine';
import { Inventory } from '../../functions/rulebook/inventory';
import { normalizeTemplate } from '../../functions/rulebook/normalizers/load-template';
import { RULES } from '../../functions/rulebook/rules/index';
import { FIXTURES } from '../support/rule-harness';

/** The storage rules; the two templates are their end-to-end examples. */
const STORAGE_RULES = [
  's3-bucket-blocks-public-access',
  's3-bucket-policy-not-public',
  's3-bucket-enforces-tls',
  's3-bucket-encrypted-with-kms',
  's3-bucket-access-logging',
  's3-bucket-versioning-enabled',
  's3-bucket-has-lifecycle-rules',
  'kms-key-rotation-enabled',
  'kms-key-not-pending-deletion',
  'dynamodb-table-encrypted-with-kms',
  'dynamodb-table-point-in-time-recovery',
  'sns-topic-encrypted',
  'sqs-queue-encrypted',
  'secretsmanager-secret-rotation-enabled',
  'rds-storage-encrypted',
  'rds-not-publicly-accessible',
  'rds-multi-az-in-prod',
  'rds-backup-retention',
  'rds-deletion-protection',
  'ebs-volume-encrypted',
  'ebs-volume-unattached',
  'ebs-volume-gp3',
  'ec2-eip-unassociated',
] as const;

/** A template key is never pending deletion: that rule only speaks about Config items. */
const CONFIG_ONLY = new Set(['kms-key-not-pending-deletion']);

const book = new RuleBook(STORAGE_RULES.map((id) => RULES[id as keyof typeof RULES]));

function scan(file: string): RuleResult[] {
  const { resources } = normalizeTemplate(readFileSync(join(FIXTURES, 'templates', file), 'utf8'), file);
  return evaluateAll(resources, book, {
    inventory: new Inventory(resources, { complete: true }),
    now: new Date('2026-11-22T12:00:00Z'),
  });
}

const describeResult = (r: RuleResult) =>
  `${r.rule.id} on ${(r.subject as { id: string }).id}: ${r.evaluation.status} (${r.evaluation.message})`;

describe('storage example templates', () => {
  it('every storage rule is registered', () => {
    for (const id of STORAGE_RULES) expect(RULES, id).toHaveProperty(id);
  });

  it('storage-secure.yaml passes every storage rule, with nothing left unknown', () => {
    const results = scan('storage-secure.yaml');
    const bad = results.filter((r) => r.evaluation.status === 'fail' || r.evaluation.status === 'unknown');
    expect(bad.map(describeResult)).toEqual([]);
    const passed = new Set(results.filter((r) => r.evaluation.status === 'pass').map((r) => r.rule.id));
    expect([...passed].sort()).toEqual(STORAGE_RULES.filter((id) => !CONFIG_ONLY.has(id)).sort());
  });

  it('storage-insecure.yaml fails every storage rule at least once', () => {
    const results = scan('storage-insecure.yaml');
    const failed = new Set(results.filter((r) => r.evaluation.status === 'fail').map((r) => r.rule.id));
    expect(STORAGE_RULES.filter((id) => !CONFIG_ONLY.has(id) && !failed.has(id))).toEqual([]);
  });

  it('storage-insecure.yaml reports the problems a reviewer expects, by logical id', () => {
    const failures = scan('storage-insecure.yaml')
      .filter((r) => r.evaluation.status === 'fail')
      .map((r) => `${r.rule.id} ${(r.subject as { id: string }).id}`);
    expect(failures).toEqual(
      expect.arrayContaining([
        's3-bucket-policy-not-public ExportsBucket',
        'rds-not-publicly-accessible OrdersDb',
        'rds-storage-encrypted OrdersDb',
        'rds-storage-encrypted LedgerCluster',
        'rds-multi-az-in-prod LedgerCluster',
        'ebs-volume-unattached EtlScratchVolume',
        'ec2-eip-unassociated OldBastionAddress',
        'sqs-queue-encrypted InvoicesQueue',
      ]),
    );
    // The Aurora member instance is judged through its cluster, and it is private.
    expect(failures.filter((f) => f.endsWith(' LedgerWriter'))).toEqual([]);
  });
});
