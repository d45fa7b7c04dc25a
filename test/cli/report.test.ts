import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../functions/adapters/local/file-store';
import type { ReportModel } from '../../functions/report/model';
import { evaluateSubject, RuleBook, toFinding } from '../../functions/rulebook/engine';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import { configItemFromEvent } from '../support/rule-harness';
import { cli, scratch } from './support';

/** A state folder as `npm start` leaves it: real findings of the S3 fixture bucket, recorded. */
async function stateWithFindings(): Promise<string> {
  const dir = scratch({});
  const store = FileStore.open(join(dir, 'state'));
  const book = new RuleBook();
  // Recorded during 2026-W47, the week reported below (a week's report counts what was open then).
  const now = new Date('2026-11-18T09:00:00Z');
  const resource = normalizeConfigItem(configItemFromEvent('events/config-ci-s3-bucket.json'));
  const findings = evaluateSubject(resource, book, { now }).flatMap((r) => toFinding(r, book, now) ?? []);
  await store.findings.record(findings, [], now);
  store.flush();
  return dir;
}

/** `report` on the state folder of `dir`, written to `dir/out`. */
function reportFor(dir: string, week: string) {
  return cli(['report', '--from', join(dir, 'state'), '--out', join(dir, 'out'), '--week', week]);
}

describe('compliance-bot report', () => {
  it('writes index.html, report.md and report.json for this week from the local state', async () => {
    const dir = await stateWithFindings();
    const { code, stdout } = await reportFor(dir, '2026-W47');
    expect(code).toBe(0);
    const folder = join(dir, 'out', 'reports', '2026', 'W47');
    for (const file of ['index.html', 'report.md', 'report.json'])
      expect(existsSync(join(folder, file))).toBe(true);
    const model = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as ReportModel;
    expect(model.week).toBe('2026-W47');
    expect(model.findings.open).toBeGreaterThan(0);
    expect(model.topRisks.map((r) => r.ruleId)).toContain('s3-bucket-blocks-public-access');
    expect(model.cost).toEqual({ status: 'unavailable', reason: 'no cost source is configured' });
    expect(stdout).toContain('Well-Architected report 2026-W47');
    expect(stdout).toContain(join(folder, 'index.html'));
  });

  it('says overall n/a, not n/a/100, for a week without data', async () => {
    // Prepare
    const dir = await stateWithFindings();
    // Act
    const { code, stdout } = await reportFor(dir, '2025-W24');
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('Well-Architected report 2025-W24: overall n/a, ');
    expect(stdout).not.toContain('n/a/100');
  });

  it.each([
    [['report', '--from', '/nonexistent/state'], /no state\.json here/],
    [['report', '--week', '2026-47'], /--week: not an ISO week/],
    [['report', '--week', '2999-W10'], /--week: 2999-W10 has not started yet \(this week is \d{4}-W\d{2}\)/],
  ])('exits 2 with one line naming the problem: %j', async (args, message) => {
    const dir = await stateWithFindings();
    const argv = args.includes('--from') ? args : [...args, '--from', join(dir, 'state')];
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
