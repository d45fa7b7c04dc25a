import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const outdir = mkdtempSync(join(tmpdir(), 'bundling-probe-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('house-default function bundling (real esbuild, no Docker)', () => {
  it('bundles a handler locally: minified, SDK inside, no source map', () => {
    const probe = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'probes', 'bundle-probe.ts'), outdir],
      { encoding: 'utf8', cwd: join(__dirname, '..', '..') },
    );
    expect(probe.status, probe.stderr).toBe(0);
    const { directory } = JSON.parse(probe.stdout) as { directory: string };
    // esbuild ran locally (there is no Docker engine here: a Docker build would have failed).
    expect(probe.stderr).toMatch(/Bundling asset BundlingProbe\/Record/);
    const assets = readdirSync(directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const dir = join(directory, assets[0]!);
    expect(readdirSync(dir)).toEqual(['index.js']);
    expect(existsSync(join(dir, 'index.js.map'))).toBe(false);
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    // The SDK is bundled (pinned versions), not required from the runtime; the only @aws-sdk require
    // left is the optional CRT signer, which the SDK loads lazily inside a try (SigV4a only).
    const required = new Set([...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((m) => m[1]));
    for (const specifier of required) expect(specifier).toBe('@aws-sdk/signature-v4-crt');
    expect(code.includes('DynamoDB')).toBe(true);
    // Minified: few, long lines.
    expect(code.split('\n').length < code.length / 500).toBe(true);
  });
});

describe('runtime schemas', () => {
  it('use zod/mini through functions/shared/zod, never classic zod (440 KB in every bundle)', () => {
    const root = join(__dirname, '..', '..', 'functions');
    const offenders = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== join('shared', 'zod.ts'))
      .filter((file) => /from 'zod(\/[^']*)?'/.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
