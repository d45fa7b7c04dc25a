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
    }
  });
});
