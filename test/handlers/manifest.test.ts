import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES, HANDLERS, NEEDS } from '../../functions/handlers/manifest';

const ROOT = join(__dirname, '..', '..');
const folders = readdirSync(join(ROOT, 'functions', 'handlers')).filter((f) =>
  statSync(join(ROOT, 'functions', 'handlers', f)).isDirectory(),
);

describe('handler manifest', () => {
  it('has one entry per handler folder, and a folder per entry', () => {
    expect(HANDLERS.map((h) => h.name).sort()).toEqual([...folders].sort());
  });

  it.each(HANDLERS.map((h) => [h.name, h] as const))(
    '%s: entry exists, exports handler, uses only known env and needs',
    (_name, h) => {
      expect(existsSync(join(ROOT, h.entry))).toBe(true);
      const source = readFileSync(join(ROOT, h.entry), 'utf8');
      expect(source).toMatch(/export const handler = /);
      expect(source).toMatch(/export default handler/);
      for (const need of h.needs) expect(NEEDS).toContain(need);
      for (const variable of h.environment) expect(ENVIRONMENT_VARIABLES).toContain(variable);
      expect(h.timeoutSeconds).toBeGreaterThan(0);
      expect(h.memoryMb).toBeGreaterThanOrEqual(128);
    },
  );

  it('each environment variable an entry file reads through required() is listed in its manifest entry', () => {
    for (const h of HANDLERS) {
      const source = readFileSync(join(ROOT, h.entry), 'utf8');
      for (const [, variable] of source.matchAll(/required\(e, '([A-Z_]+)'\)/g)) {
        expect(h.environment, `${h.name} reads ${variable}`).toContain(variable);
      }
      for (const [, variable] of source.matchAll(/\be\.([A-Z][A-Z_]+)\b/g)) {
        expect(h.environment, `${h.name} reads ${variable}`).toContain(variable);
      }
    }
  });

  it('builds the write executor only where the manifest grants the write role; read-role holders use the reader', () => {
    for (const h of HANDLERS) {
      const source = readFileSync(join(ROOT, h.entry), 'utf8');
      const needs = h.needs as readonly string[];
      if (!needs.includes('remediation-role:assume')) {
        expect(source, `${h.name} may not write in member accounts`).not.toMatch(/AwsRemediationExecutor/);
      }
      if (needs.includes('remediation-read-role:assume')) {
        expect(source, h.name).toMatch(/new AwsRemediationReader\(/);
        expect(source, h.name).toMatch(/REMEDIATION_READ_ROLE_NAME/);
        expect(source, h.name).not.toMatch(/REMEDIATION_ROLE_NAME/);
      }
    }
    const writers = HANDLERS.filter((h) =>
      (h.needs as readonly string[]).includes('remediation-role:assume'),
    );
    expect(writers.map((h) => h.name)).toEqual(['remediate']);
    const readers = HANDLERS.filter((h) =>
      (h.needs as readonly string[]).includes('remediation-read-role:assume'),
    );
    expect(readers.map((h) => h.name).sort()).toEqual(['plan', 'verify']);
  });
});
