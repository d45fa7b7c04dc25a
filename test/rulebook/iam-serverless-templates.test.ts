import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_BOOK_CONFIG } from '../../functions/rulebook/config';
import { evaluateAll, RuleBook } from '../../functions/rulebook/engine';
import { normalizeTemplate } from '../../functions/rulebook/normalizers/load-template';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { FIXTURES } from '../support/rule-harness';

/**
 * The two templates the CLI end-to-end tests use: the secure one passes every rule of this area,
 * the insecure one fails each of them at least once.
 */
const AREA_RULES = [
  'cloudtrail-encrypted-with-kms',
  'cloudtrail-log-file-validation-enabled',
  'cloudtrail-multi-region',
  'config-recorder-records-all-resources',
  'guardduty-detector-enabled',
  'iam-no-administrator-access-attached',
  'iam-policy-no-full-admin',
  'iam-role-cross-account-trust-requires-external-id',
  'iam-role-trust-not-public',
  'iam-user-no-direct-policies',
  'lambda-memory-and-timeout-sized',
  'lambda-no-plaintext-secrets-in-environment',
  'lambda-uses-arm64',
  'lambda-xray-tracing-active',
  'log-group-retention-set',
  'no-plaintext-secrets-in-template',
  'tags-dates-iso-format',
  'tags-environment-value-allowed',
  'tags-high-pii-requires-confidential-classification',
  'tags-mandatory-present',
  'tags-pii-requires-soc2-compliance',
  'tags-prod-requires-sla',
  'tags-retire-date-not-past',
  'tags-security-classification-value-allowed',
  'tags-values-kebab-case',
  'tags-version-semver',
] as const;
/** Templates do not carry the recorder's recording state: that rule is Config-item only. */
const CONFIG_ITEM_ONLY = ['config-recorder-is-recording'];

const rules = AREA_RULES.map((id) => (RULES as Record<string, AnyRule>)[id]!);
const book = new RuleBook(rules, DEFAULT_RULE_BOOK_CONFIG);
const now = new Date('2026-11-22T12:00:00Z');

function scan(file: string) {
  const text = readFileSync(join(FIXTURES, 'templates', file), 'utf8');
  const { resources, unsupported } = normalizeTemplate(text, file);
  return { results: evaluateAll(resources, book, { now }), unsupported };
}

describe('test/fixtures/templates', () => {
  it('lists every rule of the area (and only those) in this test', () => {
    const mine = Object.keys(RULES).filter(
      (id) => (AREA_RULES as readonly string[]).includes(id) || CONFIG_ITEM_ONLY.includes(id),
    );
    expect(mine.length).toBe(AREA_RULES.length + CONFIG_ITEM_ONLY.length);
  });

  it('iam-serverless-secure.yaml: every resource is supported and no rule of the area fails', () => {
    const { results, unsupported } = scan('iam-serverless-secure.yaml');
    expect(unsupported).toEqual([]);
    const failures = results
      .filter((r) => r.evaluation.status === 'fail')
      .map((r) => `${r.rule.id} on ${(r.subject as { id: string }).id}: ${r.evaluation.message}`);
    expect(failures).toEqual([]);
    const unknowns = results.filter((r) => r.evaluation.status === 'unknown').map((r) => r.rule.id);
    expect(unknowns).toEqual([]);
  });

  it('iam-serverless-insecure.yaml: each rule of the area fails at least once', () => {
    const { results } = scan('iam-serverless-insecure.yaml');
    const failed = new Set(results.filter((r) => r.evaluation.status === 'fail').map((r) => r.rule.id));
    expect(AREA_RULES.filter((id) => !failed.has(id))).toEqual([]);
  });
});
