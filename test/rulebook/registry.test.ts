import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PILLARS } from '../../functions/rulebook/model/pillar';
import { SEEDS } from '../../functions/rulebook/model/seeds';
import { atLeast, SEVERITIES, type Severity } from '../../functions/rulebook/model/severity';
import { NORMALIZERS } from '../../functions/rulebook/normalizers/index';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { normalizersIndexSource, rulesIndexSource } from '../../scripts/generate-registries';

const root = join(__dirname, '..', '..');
const rulebookDir = join(root, 'functions', 'rulebook');
const rules = Object.entries(RULES) as Array<[string, AnyRule]>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('the rule book registry', () => {
  it('is generated from the files on disk (run `npm run generate` when this fails)', () => {
    expect(readFileSync(join(rulebookDir, 'rules', 'index.ts'), 'utf8')).toBe(rulesIndexSource());
    expect(readFileSync(join(rulebookDir, 'normalizers', 'index.ts'), 'utf8')).toBe(normalizersIndexSource());
  });

  it('has one normalizer per resource type', () => {
    const types = NORMALIZERS.map((n) => n.resourceType);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(rules)('%s has complete metadata, a seed reference and a test file', (key, rule) => {
    expect(rule.id).toBe(key);
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(PILLARS).toContain(rule.pillar);
    expect(SEVERITIES).toContain(rule.severity);
    for (const field of ['title', 'rationale', 'recommendation', 'expectedImpact'] as const) {
      expect(rule[field].length, field).toBeGreaterThan(10);
    }
    expect(Object.keys(SEEDS)).toContain(rule.source.seed);
    expect(rule.source.section.length).toBeGreaterThan(3);
    expect(existsSync(join(root, 'test', 'rulebook', 'rules', `${rule.id}.test.ts`)), 'test file').toBe(true);
  });

  it.each(rules)('%s: maxSeverity covers every severity its findings can have', (_, rule) => {
    // Prepare: the severity literals on the lines of its evaluate that mention a severity
    const file = filesUnder(join(rulebookDir, 'rules')).find((f) => f.endsWith(`/${rule.id}.ts`))!;
    const body = readFileSync(file, 'utf8').split('evaluate(')[1] ?? '';
    const given = body
      .split('\n')
      .filter((line) => /severity/i.test(line))
      .flatMap((line) =>
        [...line.matchAll(/'(critical|high|medium|low|info)'/g)].map((m) => m[1] as Severity),
      );
    if (/severityForImpact\(/.test(body)) given.push('critical');
    // Act
    const max = rule.maxSeverity ?? rule.severity;
    // Assess: an unknown result is listed at max, so no finding may be more severe
    for (const severity of given) expect(atLeast(max, severity), severity).toBe(true);
    if (rule.maxSeverity !== undefined) expect(atLeast(rule.maxSeverity, rule.severity)).toBe(true);
  });

  it('keeps the core free of AWS SDK and Slack imports', () => {
    const offenders = filesUnder(rulebookDir)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from '(@aws-sdk\/|@slack\/|aws-cdk-lib)/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
