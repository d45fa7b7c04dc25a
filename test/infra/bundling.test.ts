import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../functions/handlers/manifest';
import {
  esbuildOptions,
  externalModulesFor,
  RARE_PATH_CLIENTS,
} from '../../infra/constructs/checker-function';

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

/** `@aws-sdk/*` imports left external by modules that load at init (reached without an `import()`). */
function externalsLoadedAtInit(metafile: Metafile, entry: string): string[] {
  const atInit = new Set<string>();
  const queue = [
    Object.keys(metafile.inputs).find((file) => entry.endsWith(file.replace(/^(\.\.\/)+/, '')))!,
  ];
  const found: string[] = [];
  while (queue.length) {
    const file = queue.pop()!;
    if (atInit.has(file)) continue;
    atInit.add(file);
    for (const imp of metafile.inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import') continue;
      if (imp.external) {
        if (imp.path.startsWith('@aws-sdk/')) found.push(`${file} -> ${imp.path}`);
      } else queue.push(imp.path);
    }
  }
  return found;
}

describe('handler bundles as the bench and the construct build them', () => {
  it.each(HANDLERS.map((h) => ({ name: h.name, entry: h.entry })))(
    '$name loads nothing from the runtime at init (every external module is behind an import()) and bundles only the parts of the rule book it runs',
    async ({ name, entry }) => {
      const result = await build({
        ...esbuildOptions(entry),
        write: false,
        metafile: true,
        outfile: join(outdir, 'out.js'),
        logLevel: 'silent',
      });
      expect(externalsLoadedAtInit(result.metafile, esbuildOptions(entry).entryPoints[0]!)).toEqual([]);
      const output = Object.values(result.metafile.outputs)[0]!;
      const bundledSdk = Object.keys(output.inputs).filter((file) =>
        externalModulesFor(entry).some((name) => file.includes(`/node_modules/${name}/`)),
      );
      expect(bundledSdk).toEqual([]);
      // Only Normalize and Verify read Config items: nothing else bundles a configuration-item
      // normalizer (one file per resource type under normalizers/<service>/).
      const normalizers = Object.keys(output.inputs).filter((file) =>
        /functions\/rulebook\/normalizers\/(?!events\/|cloudformation\/reference|secrets)/.test(file),
      );
      expect(normalizers.length > 0).toBe(['normalize', 'verify'].includes(name));
    },
  );

  it('lists rare-path clients only for handler entries that exist', () => {
    const entries = new Set(HANDLERS.map((h) => h.entry));
    for (const entry of Object.keys(RARE_PATH_CLIENTS)) expect(entries.has(entry), entry).toBe(true);
  });
});
