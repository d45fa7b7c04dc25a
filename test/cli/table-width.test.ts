import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_FIXTURES, cli, EVERY_EVENT_KIND, ROOT, scratch } from './support';

/** The event fixtures of the `evaluate` example in docs/cli.md, as JSON lines. */
function eventsFile(): string {
  const lines = EVERY_EVENT_KIND.map((name) =>
    JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events', name), 'utf8'))),
  );
  return `${scratch({ 'events.jsonl': `${lines.join('\n')}\n` })}/events.jsonl`;
}

/** Lines drawn by the table (borders and rows), not the score and total lines around it. */
function tableLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^[┌│├└]/.test(line));
}

/** Visible width: characters, not UTF-16 units (the box drawing characters are one each). */
const widthOf = (line: string) => [...line].length;

const COMMANDS = [
  { name: 'evaluate (docs example)', argv: () => ['evaluate', eventsFile()] },
  {
    name: 'scan (docs example)',
    argv: () => [
      'scan',
      `${CLI_FIXTURES}/insecure-bucket.yaml`,
      `${CLI_FIXTURES}/sample-cdk-out`,
      `${CLI_FIXTURES}/config-snapshot.json`,
    ],
  },
  { name: 'rules', argv: () => ['rules'] },
];

describe('tables fit the terminal width', () => {
  describe.each(COMMANDS)('$name', ({ argv }) => {
    it.each([60, 72, 80, 90, 100, 120, 160, 200])('at %i columns', async (columns) => {
      // Act
      const { stdout } = await cli(argv(), { columns, rules: 'registry' });
      // Assess
      const lines = tableLines(stdout);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => widthOf(line) > columns)).toEqual([]);
      // Nothing is cut off with an ellipsis: long rule ids, ids and words wrap instead.
      expect(lines.filter((line) => line.includes('…'))).toEqual([]);
    });
  });

  it('with no width known (not a terminal, no COLUMNS), the findings table is laid out for 160 columns', async () => {
    // Prepare
    const file = eventsFile();
    // Act
    const unknown = await cli(['evaluate', file], { columns: null, rules: 'registry' });
    const wide = await cli(['evaluate', file], { columns: 160, rules: 'registry' });
    const fromEnv = await cli(['evaluate', file], {
      columns: null,
      env: { COLUMNS: '80' },
      rules: 'registry',
    });
    // Assess
    expect(unknown.stdout).toBe(wide.stdout);
    expect(Math.max(...tableLines(fromEnv.stdout).map(widthOf))).toBeLessThanOrEqual(80);
  });
});
