import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch } from './support';

/** Exactly as a user runs it: a separate node process through the bin script. */
function compliance(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'compliance-bot.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/compliance-bot.js', () => {
  it('scan: findings in the table and exit 1', () => {
    const { code, stdout, stderr } = compliance(['scan', 'test/fixtures/cli/insecure-bucket.yaml']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain('s3-bucket-blocks-public-access');
    expect(stdout).toContain('PublicBucket');
    expect(stdout).toMatch(/^Total: \d+ findings? \(.*high/m);
  });

  it('scan --format json with nothing to flag: parseable output and exit 0', () => {
    // Only a type no rule looks at, so the outcome does not depend on which rules are registered.
    const dir = scratch({
      't.yaml':
        'Resources:\n  WorkGroup:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n',
    });
    const { code, stdout } = compliance(['scan', `${dir}/t.yaml`, '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.findings).toEqual([]);
    expect(out.summary.unsupportedTypes).toEqual([
      { type: 'AWS::Athena::WorkGroup', count: 1, resources: [{ file: `${dir}/t.yaml`, id: 'WorkGroup' }] },
    ]);
  });

  it('evaluate on a truncated file: one line on stderr and exit 2', () => {
    const dir = scratch({ 'e.jsonl': '{"source": "aws.config", "detail-type": "Config Conf' });
    const { code, stderr } = compliance(['evaluate', `${dir}/e.jsonl`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^compliance-bot: .*e\.jsonl(:1)?: not valid JSON: .*\n$/);
  });

  it('a failed write of the output (disk full): one line on stderr and exit 2, not 1 ("findings")', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'compliance-bot.js'), 'scan', 'test/fixtures/cli/insecure-bucket.yaml'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
          stdio: ['ignore', full, 'pipe'],
        },
      );
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^compliance-bot: cannot write the output: ENOSPC\b[^\n]*\n$/);
    } finally {
      closeSync(full);
    }
  });

  it('output piped to a reader that stops early (`| head`): quiet, as other CLI tools', () => {
    // Far more output than a pipe buffers, so the writer does hit the closed pipe.
    const buckets = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [`Bucket${i}`, { Type: 'AWS::S3::Bucket' }]),
    );
    const dir = scratch({ 'many.json': { Resources: buckets } });
    const result = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" bin/compliance-bot.js scan ${dir}/many.json --format json | head -c 1`],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(result.stdout).toBe('{');
    expect(result.stderr).toBe('');
  });
});
