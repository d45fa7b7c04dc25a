import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PILLARS } from '../../functions/rulebook/model/pillar';
import { SEEDS } from '../../functions/rulebook/model/seeds';
import { NOT_AUTOMATABLE } from '../../functions/rulebook/not-automatable';
import { RULES } from '../../functions/rulebook/rules/index';
import { RULES_MD_PATH, rulesMdSource } from '../../scripts/generate-rules-md';
import { cli, json } from './support';

describe('compliance-bot rules', () => {
  it('--format json lists every registered rule with inputs, seed, remediation and references', async () => {
    const { code, stdout } = await cli(['rules', '--format', 'json'], { rules: 'registry' });
    expect(code).toBe(0);
    const { rules } = json<{ rules: Array<Record<string, unknown>> }>(stdout);
    expect(rules.map((r) => r.id)).toEqual(Object.keys(RULES).sort());
    expect(rules.find((r) => r.id === 's3-bucket-blocks-public-access')).toMatchObject({
      title: 'S3 buckets block public access (all four settings)',
      pillar: 'security',
      severity: 'high',
      inputs: { resourceTypes: ['AWS::S3::Bucket'] },
      seed: { seed: '001', section: expect.any(String) },
      remediation: 's3-put-public-access-block',
      references: { securityHub: ['S3.8'], configRules: ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'] },
    });
  });

  it('prints a table by default', async () => {
    const { code, stdout } = await cli(['rules'], { rules: 'registry' });
    expect(code).toBe(0);
    expect(stdout).toContain('s3-bucket-blocks-public-access');
    expect(stdout).toMatch(new RegExp(`^${Object.keys(RULES).length} rules$`, 'm'));
  });

  it('rejects --format sarif (rules has table and json only)', async () => {
    expect((await cli(['rules', '--format', 'sarif'])).code).toBe(2);
  });
});

describe('RULES.md', () => {
  it('is up to date (run `npm run generate` when this fails)', () => {
    expect(readFileSync(RULES_MD_PATH, 'utf8')).toBe(rulesMdSource());
  });

  it('lists the practices that are not automatable, each with a seed and a reason', () => {
    expect(NOT_AUTOMATABLE.length).toBeGreaterThanOrEqual(10);
    for (const p of NOT_AUTOMATABLE) {
      expect(Object.keys(SEEDS)).toContain(p.source.seed);
      expect(PILLARS).toContain(p.pillar);
      expect(p.why.length).toBeGreaterThan(30);
      expect(rulesMdSource()).toContain(p.practice);
    }
  });
});
