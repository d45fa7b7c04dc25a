import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../functions/adapters/local/file-store';
import type { ReportModel } from '../../functions/report/model';
import { evaluateSubject, RuleBook, toFinding } from '../../functions/rulebook/engine';
import type { Finding } from '../../functions/rulebook/model/finding';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import { owedNotification } from '../../functions/shared/finding-transitions';
import { activityFrom } from '../support/activity-harness';
import { configItemFromEvent } from '../support/rule-harness';
import { cli, scratch } from './support';

const book = new RuleBook();
const SEEN = new Date('2026-11-18T09:00:00Z');

function findingsOf(subject: Parameters<typeof evaluateSubject>[0]): Finding[] {
  return evaluateSubject(subject, book, { now: SEEN }).flatMap((r) => toFinding(r, book, SEEN) ?? []);
}

/**
 * A state folder as `npm start` leaves it: a root console sign-in without MFA (two one-off findings,
 * critical) and the S3 fixture bucket's state findings.
 */
async function state() {
  const dir = join(scratch({}), 'state');
  const store = FileStore.open(dir);
  const signIn = findingsOf(activityFrom('events/cloudtrail-consolelogin-root-nomfa.json'));
  const bucket = findingsOf(normalizeConfigItem(configItemFromEvent('events/config-ci-s3-bucket.json')));
  await store.findings.record([...signIn, ...bucket], [], SEEN);
  store.flush();
  const noMfa = signIn.find((f) => f.ruleId === 'console-signin-without-mfa')!;
  const root = signIn.find((f) => f.ruleId === 'root-user-activity')!;
  return { dir, noMfa, root, stateFinding: bucket[0]! };
}

describe('compliance-bot acknowledge', () => {
  it('without an id, lists the open one-off findings with the ids to copy (state findings are not listed)', async () => {
    // Prepare
    const { dir, noMfa, root, stateFinding } = await state();
    // Act
    const { code, stdout } = await cli(['acknowledge', '--from', dir]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(`2 open one-off findings in ${dir} (no later event closes them):`);
    expect(stdout).toMatch(new RegExp(`critical +${noMfa.id} +console-signin-without-mfa`));
    expect(stdout).toMatch(new RegExp(`critical +${root.id} +root-user-activity`));
    expect(stdout).not.toContain(stateFinding.id);
  });

  it('closes a one-off finding by a unique id prefix, audited as local:<by>; the report counts it resolved', async () => {
    // Prepare
    const { dir, noMfa } = await state();
    // Act
    const ack = await cli([
      'acknowledge',
      noMfa.id.slice(0, 8),
      '--from',
      dir,
      '--by',
      'alice',
      '--reason',
      'break-glass drill, ticket SEC-42',
    ]);
    // Assess: the RESOLVED notice, with who and why
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/^RESOLVED Console sign-ins use MFA/);
    expect(ack.stdout).toMatch(
      / {2}resolved {2}acknowledged by alice at \S+: break-glass drill, ticket SEC-42\n/,
    );
    expect(ack.stdout).toContain(noMfa.id);
    const stored = await FileStore.open(dir).findings.get(noMfa.id);
    expect(stored).toMatchObject({
      status: 'resolved',
      acknowledged: { by: 'alice', reason: 'break-glass drill, ticket SEC-42' },
    });
    // …the audit trail
    const audit = await cli(['audit', '--state', dir, '--action', 'acknowledged', '--format', 'json']);
    expect(JSON.parse(audit.stdout).records).toEqual([
      expect.objectContaining({
        actor: 'local:alice',
        action: 'acknowledged',
        findingId: noMfa.id,
        outcome: 'acknowledged by alice: break-glass drill, ticket SEC-42',
      }),
    ]);
    // …and this week's report: resolved, no longer a top risk
    const out = join(dir, '..', 'out');
    const report = await cli(['report', '--from', dir, '--out', out]);
    expect(report.code).toBe(0);
    const json = report.stdout.match(/(\S+report\.json)/)![1]!;
    const model = JSON.parse(readFileSync(json, 'utf8')) as ReportModel;
    expect(model.findings.resolved).toBe(1);
    expect(model.topRisks.map((r) => r.ruleId)).not.toContain('console-signin-without-mfa');
    expect(model.topRisks.map((r) => r.ruleId)).toContain('root-user-activity');
  });

  it('a second acknowledgement says who did it first and changes nothing', async () => {
    // Prepare
    const { dir, noMfa } = await state();
    await cli(['acknowledge', noMfa.id, '--from', dir, '--by', 'alice']);
    // Act
    const again = await cli(['acknowledge', noMfa.id, '--from', dir, '--by', 'bob']);
    // Assess
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`^${noMfa.id} was already acknowledged by alice at \\S+: nothing changed\\n$`),
    );
    const audit = await cli(['audit', '--state', dir, '--action', 'acknowledged', '--format', 'jsonl']);
    expect(audit.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('the same activity again (a new root sign-in) opens the acknowledged finding again', async () => {
    // Prepare
    const { dir, noMfa } = await state();
    await cli(['acknowledge', noMfa.id, '--from', dir, '--by', 'alice']);
    const newSignIn = findingsOf(
      activityFrom('events/cloudtrail-consolelogin-root-nomfa.json', (detail) => {
        detail.eventTime = '2025-06-11T08:00:00Z';
        detail.eventID = 'a-new-sign-in';
      }),
    ).find((f) => f.ruleId === noMfa.ruleId)!;
    // Act
    const store = FileStore.open(dir);
    const outcome = await store.findings.record([newSignIn], [], new Date());
    store.flush();
    // Assess
    expect(outcome.opened.map((f) => f.id)).toEqual([noMfa.id]);
    expect((await cli(['acknowledge', '--from', dir])).stdout).toContain(noMfa.id);
  });

  it('a replay of the acknowledged sign-in leaves it acknowledged and owes no post: the terminal showed its resolution', async () => {
    // Prepare
    const { dir, noMfa } = await state();
    await cli(['acknowledge', noMfa.id, '--from', dir, '--by', 'alice']);
    const acknowledged = await FileStore.open(dir).findings.get(noMfa.id);
    // Act: the same event recorded again, a day later (past the notices' in-flight window)
    const store = FileStore.open(dir);
    const later = new Date(Date.now() + 86_400_000);
    const outcome = await store.findings.record([noMfa], [], later);
    store.flush();
    // Assess
    expect(outcome.opened).toEqual([]);
    expect(outcome.keptAcknowledged?.map((k) => k.findingId)).toEqual([noMfa.id]);
    expect(acknowledged?.notice).toMatchObject({ kind: 'resolved', delivered: true });
    expect(owedNotification(outcome.unchanged[0]!, later)).toBeUndefined();
    expect(await FileStore.open(dir).findings.get(noMfa.id)).toEqual(acknowledged);
  });

  it.each([
    ['a state finding', (s: Awaited<ReturnType<typeof state>>) => [s.stateFinding.id], /add a suppression/],
    ['an unknown id', () => ['0123456789'], /no finding 0123456789 in .*lists the open one-off findings/],
    ['a missing state folder', () => ['x', '--from', '/nonexistent/state'], /no state\.json here/],
  ])('exits 2 with one line for %s', async (_what, args, message) => {
    const s = await state();
    const argv = ['acknowledge', ...args(s)];
    const { code, stderr } = await cli(argv.includes('--from') ? argv : [...argv, '--from', s.dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
