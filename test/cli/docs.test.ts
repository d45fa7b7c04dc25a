import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './support';

/** One `$ npx compliance-bot ...` example of docs/cli.md with the output shown under it. */
interface Example {
  command: string;
  argv: string[];
  output: string[];
  exitCode?: number;
}

/** Every example command in the console blocks of docs/cli.md, run from the repository root. */
function examples(): Example[] {
  const text = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
  const out: Example[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = block[1]!.replace(/\n$/, '').split('\n');
    let current: Example | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith('$ ')) {
        if (line === '$ echo $?' && current) {
          current.exitCode = Number(lines[++i]);
          continue;
        }
        current = undefined;
        const command = line.slice(2).replace(/\s+#.*$/, '');
        // `cdk.out` examples are about the reader's own project (no cdk.out in this repository).
        if (!command.startsWith('npx compliance-bot ') || command.includes('cdk.out')) continue;
        current = { command, argv: command.split(/\s+/).slice(2), output: [] };
        out.push(current);
      } else if (current) {
        current.output.push(line);
      }
    }
  }
  return out;
}

describe('docs/cli.md examples run from the repository root as written', () => {
  const all = examples();

  it('finds the examples, including the error section', () => {
    expect(all.length).toBeGreaterThan(15);
    expect(all.map((e) => e.command)).toContain(
      'npx compliance-bot evaluate test/fixtures/cli/bad.jsonl test/fixtures/cli/missing.json',
    );
  });

  it.each(all.map((e) => [e.command, e] as const))('%s', async (_command, example) => {
    // Act
    const result = await cli(example.argv, {
      columns: 100,
      env: { NO_COLOR: '1', COLUMNS: '100' },
      rules: 'registry',
    });
    // Assess
    const actual = `${result.stdout}${result.stderr}`;
    const shown = example.output.filter((line) => !line.includes('…'));
    if (example.exitCode !== undefined) expect(result.code).toBe(example.exitCode);
    // Every file the example names exists (but the one shown missing on purpose).
    expect(result.stderr.replace(/^.*missing\.json: no such file or folder\n/m, '')).not.toMatch(
      /no such file/,
    );
    if (example.output.length <= 12) {
      if (shown.length === example.output.length) expect(actual.trimEnd()).toBe(shown.join('\n'));
      else for (const line of shown) expect(actual).toContain(line);
    } else {
      expect(actual).toContain(shown[0]);
    }
  });
});
