import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/support';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'compliance-bot-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function start(args: string[], input?: string) {
  return spawnSync('npm', ['start', '--silent', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
    // Never post to a real Slack from tests.
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', SLACK_BOT_TOKEN: '', SLACK_CHANNEL: '' },
    timeout: 120_000,
  });
}

/** `npm start` on `events` with every approval rejected, no weekly report, state in `state`. */
function replayRejecting(events: string, state: string, ...extra: string[]) {
  return start(['--events', events, '--approve', 'none', '--state', state, '--no-report', ...extra]);
}

describe('npm start (spawned)', () => {
  const state = join(work, 'state');
  const out = join(work, 'out');

  it('replays the bundled events with --approve none: findings, rejected approval, DLQ, resolution, report', () => {
    const run = start(['--approve', 'none', '--state', state, '--out', out, '--reset']);
    expect(run.status, run.stderr).toBe(0);
    const text = run.stdout;
    expect(text).toContain('through statemachines/triage.asl.json');
    expect(text).toContain(' HIGH  S3 buckets block public access (all four settings)  [Security]');
    expect(text).toContain('account   acme-prod-workloads (111122223333), OU Production');
    // The remediation catalog's plan (no placeholder plans any more).
    expect(text).toMatch(/Approval needed \[[\w-]+\]: Block all public access on the S3 bucket/);
    expect(text).toContain('- S3.PutPublicAccessBlock {"Bucket":');
    expect(text).not.toContain('placeholder');
    expect(text).toContain('→ rejected (--approve none)');
    expect(text).toContain('🚫 Remediation rejected');
    // One ask per fix and resource per event: the bucket's two public-access findings (the public
    // policy, critical, and Block Public Access off, high) share one Block Public Access request
    // that names both, and its rejection is reported on both; TLS is another fix, asked on its own.
    const event1 = text.slice(text.indexOf('── event 1 '), text.indexOf('── event 2 '));
    expect(event1.match(/Approval needed/g)).toHaveLength(2);
    expect(event1).toMatch(
      /Approval needed \[[\w-]+\]: Block all public access on the S3 bucket\n {3}finding: S3 bucket policies do not grant access to everyone \(acme-prod-customer-exports\)\n {3}also fixes: S3 buckets block public access \(all four settings\) \(acme-prod-customer-exports\)\n/,
    );
    expect(event1).toMatch(/Approval needed \[[\w-]+\]: Deny plain-HTTP access in the S3 bucket policy\n/);
    expect(event1.match(/🚫 Remediation rejected/g)).toHaveLength(3);
    // The sample run asked 10 times before findings were grouped by fix, 9 before Config's verdict
    // on a problem the bot had already reported (event 7) stopped counting as a change; 8 now.
    expect(text.match(/Approval needed/g)).toHaveLength(8);
    // Only read-only `prepare` calls are dry-run while planning; no change is ever "called".
    expect(text).not.toMatch(/would call \w+\.(Put|Delete|Update|Create|Revoke)/);
    expect(text).toContain('✉️  dead-lettered: EventFormatError');
    expect(text).toContain('RESOLVED S3 buckets block public access');
    // What resolved it (the last event on the bucket), and the old evidence as what no longer holds.
    const resolvedBlock = text.slice(text.indexOf('RESOLVED S3 buckets block public access'));
    const lastEvent = JSON.parse(
      readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .at(-1)!,
    );
    expect(resolvedBlock).toMatch(
      new RegExp(
        `\n {2}resolved {2}by event ${lastEvent.id} at \\S+: the check passes again\n {2}was {7}Block Public Access is off for blockPublicAcls`,
      ),
    );
    expect(text).toMatch(/Summary: 15 events, 14 triaged, 1 dead-lettered/);
    // Event 7 is Config's own verdict on a problem the bot already reported from event 1: one
    // finding, and Config's terse annotation neither replaces the bot's evidence nor asks again.
    const event7 = text.slice(text.indexOf('── event 7 '), text.indexOf('── event 8 '));
    expect(event7).toContain('no change: 1 finding(s) already known');
    expect(event7).not.toContain('Approval needed');
    // Default minimum severity to notify (medium, as cdk.json): low findings are recorded, not printed.
    expect(text).not.toMatch(/^ (LOW|INFO) {2}/m);
    expect(text).toMatch(
      /\nNot notified: \d+ finding\(s\) below medium \(--notify-min-severity\): recorded and in the weekly report/,
    );

    const letters = readFileSync(join(state, 'dead-letter.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Only the malformed event: every remediation of the bundled events can be planned (the NAT
    // anomaly, whose VPC is unknown without an inventory, carries no fix), so none is dead-lettered.
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.body.originalEvent.id).toBe('0f0e0d0c-0000-4000-8000-00000000bad1');
    expect(letter.body.error.Error).toBe('EventFormatError');

    const state1 = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8'));
    const findings = Object.values(state1.findings) as Array<{ ruleId: string; status: string }>;
    expect(findings.find((f) => f.ruleId === 's3-bucket-blocks-public-access')?.status).toBe('resolved');
    // The audit trail is its own append-only file, one JSON line per record.
    const records = readFileSync(join(state, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; actor: string; coveredFindingIds?: string[] });
    const actions = records.map((r) => r.action);
    // The grouped request and its rejection name the finding they cover besides their own.
    expect(
      records.filter((r) => r.coveredFindingIds?.length).map((r) => [r.action, r.coveredFindingIds]),
    ).toEqual([
      ['approval-requested', ['b0337e60f5f70d3837e756c8']],
      ['rejected', ['b0337e60f5f70d3837e756c8']],
    ]);
    // Decided by the option, not by a person: the audit trail says so.
    expect(new Set(records.filter((r) => r.action === 'rejected').map((r) => r.actor))).toEqual(
      new Set(['local:--approve none']),
    );
    expect(actions).toContain('approval-requested');
    expect(state1.audit).toBeUndefined();
    expect(actions.filter((a) => a === 'rejected').length).toBe(
      actions.filter((a) => a === 'approval-requested').length,
    );
    expect(actions).not.toContain('remediated');
    const [year, week] = text.match(/📊 Week (\d{4})-(W\d{2})/)!.slice(1) as [string, string];
    expect(existsSync(join(out, 'reports', year, week, 'report.json'))).toBe(true);
    expect(readFileSync(join(out, 'reports', year, week, 'index.html'), 'utf8')).toContain(
      'Well-Architected report',
    );
    expect(readFileSync(join(out, 'reports', year, week, 'report.md'), 'utf8')).toContain('## Pillar scores');
  });

  it('replays a user file with --events; state persists between runs (the same event is not new)', () => {
    const events = join(work, 'mine.jsonl');
    const bucket = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8').split('\n')[0]!;
    writeFileSync(events, `${bucket}\n{"foo":"bar"}\n{"a":1,}\nnot json at all\n`);
    const first = start([
      '--events',
      events,
      '--approve',
      'all',
      '--state',
      join(work, 's2'),
      '--out',
      out,
      '--no-report',
    ]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('→ approved (--approve all)');
    expect(first.stdout).toContain('would call S3.PutPublicAccessBlock {"Bucket":');
    expect(first.stdout).toContain('🧪 Approved, dry run only (nothing was changed)');
    const audit = readFileSync(join(work, 's2', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"actor":"local:--approve all","action":"approved"');
    expect(audit).not.toContain('ULOCALAPPROVER');
    // A dry run is not a fix: its audit record says so, and its outcome says "dry run" once.
    const remediated = audit
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; dryRun?: boolean })
      .filter((r) => r.action === 'remediated');
    expect(remediated.length).toBeGreaterThan(0);
    expect(remediated.every((r) => r.dryRun === true)).toBe(true);
    expect(first.stdout).toContain('(verification: dry-run: nothing was changed,');
    expect(first.stdout).not.toMatch(/dry-run: dry run/);
    expect(first.stdout).toContain('(line 4): truncated JSON line');
    expect(first.stdout).toContain(
      '── event 2 (line 2): event has no "source" / "detail-type": not an EventBridge event\n',
    );
    // Each dead letter says what is wrong with its event: what an EventBridge event needs, or the
    // line's JSON parse error (with the column), never a schema path. A line that is not JSON is
    // dead-lettered as its raw text without a triage run (no cloud execution can take it).
    const causes = readFileSync(join(work, 's2', 'dead-letter.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).body.error.Cause as string);
    expect(causes).toEqual([
      'event has no "source" / "detail-type": not an EventBridge event',
      'not valid JSON: Expected double-quoted property name at column 8',
      "truncated JSON line (the file ends in the middle of an event): Unexpected token 'o' at column 2",
    ]);
    const payloads = readFileSync(join(work, 's2', 'dead-letter.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).body.originalEvent);
    expect(payloads).toEqual([{ foo: 'bar' }, '{"a":1,}', 'not json at all']);
    expect(first.stdout).toContain(`dead-lettered: EventFormatError: ${causes[1]}`);
    const second = start([
      '--events',
      events,
      '--approve',
      'all',
      '--state',
      join(work, 's2'),
      '--out',
      out,
      '--no-report',
    ]);
    expect(second.stdout).toMatch(/no change: \d+ finding\(s\) already known/);
    expect(second.stdout).not.toContain('Approval needed');
  });

  it.each([
    ['in one thread', '1'],
    ['on 2 workers', '2'],
  ])(
    'dead-letters every line that is not an event (null, a number, true, a string, an array, not JSON) with its payload, %s',
    (_where, workers) => {
      // Prepare
      const bucket = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8').split('\n')[0]!;
      const events = join(work, `primitives-${workers}.jsonl`);
      writeFileSync(events, `null\n42\n${bucket}\ntrue\n"hello"\n[]\n{oops\n"{\\"a\\":1}"\n`);
      const dir = join(work, `primitives-state-${workers}`);
      // Act
      const run = replayRejecting(events, dir, '--out', out, '--reset', '--workers', workers);
      // Assess
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('Summary: 8 events, 1 triaged, 7 dead-lettered');
      expect(run.stdout).not.toContain('✖ triage failed');
      const letters = readFileSync(join(dir, 'dead-letter.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l).body as { originalEvent: unknown; error: { Error: string; Cause: string } },
        );
      expect(letters.map((l) => l.originalEvent)).toEqual([null, 42, true, 'hello', [], '{oops', '{"a":1}']);
      expect(letters.map((l) => l.error.Cause)).toEqual([
        "event is null, not an EventBridge event: triage failed before Normalize ran (Path expression '$' does not point to a value); no Catch routes that error",
        'event is not a JSON object (it is a JSON number): not an EventBridge event',
        'event is not a JSON object (it is a JSON boolean): not an EventBridge event',
        'event is not a JSON object (it is a JSON string): not an EventBridge event',
        'event is not a JSON object (it is an array): not an EventBridge event',
        expect.stringMatching(/^not valid JSON: /),
        'event is not a JSON object (it is a JSON string holding JSON text: encoded twice): not an EventBridge event',
      ]);
      expect(run.stdout).toContain(
        '── event 5 (line 5): event is not a JSON object (it is a JSON string): not an EventBridge event\n',
      );
    },
  );

  it('refuses a Cost Anomaly Detection SNS notification (Records[].Sns), naming the EventBridge event it ingests', () => {
    // Prepare
    const sns = readFileSync(
      join(ROOT, 'test', 'fixtures', 'events', 'ce-anomaly-sns-lambda-event.json'),
      'utf8',
    );
    const file = join(work, 'sns.json');
    writeFileSync(file, sns);
    const lines = join(work, 'sns.jsonl');
    const bucket = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8').split('\n')[0]!;
    writeFileSync(lines, `${bucket}\n${JSON.stringify(JSON.parse(sns))}\n`);
    const replay = (events: string) => replayRejecting(events, join(work, 'sns-state'), '--reset');
    // Act
    const whole = replay(file);
    const line = replay(lines);
    // Assess
    expect(whole.status).toBe(2);
    expect(whole.stderr).toContain(
      'an SNS notification (Records[].Sns), not EventBridge events: the bot ingests the EventBridge "Anomaly Detected" event (source aws.ce)',
    );
    expect(line.status, line.stderr).toBe(0);
    expect(line.stdout).toContain(
      'dead-lettered: EventFormatError: event is an SNS notification (Records[].Sns), not an EventBridge event',
    );
  });

  it("Config's COMPLIANT verdict over the bot's own failing check resolves nothing: one HIGH, one approval, no flip-flop", () => {
    // Prepare: the bucket with Block Public Access off, Config's verdict COMPLIANT, the bucket again
    // with a tag added (BPA still off), the verdict again (shapes: test/fixtures/events/SOURCES.md, last row).
    const events = join(ROOT, 'test', 'local', 'fixtures', 'config-verdict-flip.jsonl');
    // Act
    const run = start(['--events', events, '--approve', 'none', '--state', join(work, 'flip'), '--out', out]);
    // Assess
    expect(run.status, run.stderr).toBe(0);
    const text = run.stdout;
    expect(text.match(/ HIGH {2}S3 buckets block public access/g)).toHaveLength(1);
    expect(text).not.toContain('RESOLVED');
    const afterFirst = text.slice(text.indexOf('── event 2 '));
    expect(afterFirst).not.toContain('Approval needed');
    for (const n of [2, 4]) {
      const event = text.slice(text.indexOf(`── event ${n} `)).split('\n── ')[0]!;
      expect(event).toContain(
        "⏸  Config verdict not applied to 1 open finding(s): the bot's own check still fails; its next evaluation of the resource decides",
      );
    }
    expect(text).toMatch(/Summary: 4 events, 4 triaged, 0 dead-lettered .*0 resolved/);
  });

  it('an older event replayed after a newer one is one "stale" line; a deletion resolves with the reason; the same with --workers 2', () => {
    // Prepare: the bucket broken (09:14), fixed (10:04), the 09:14 event again, then deleted.
    const lines = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const deleted = JSON.parse(lines[0]!);
    deleted.id = 'deleted-bucket-event';
    Object.assign(deleted.detail.configurationItem, {
      configuration: null,
      supplementaryConfiguration: {},
      configurationItemStatus: 'ResourceDeleted',
      configurationItemCaptureTime: '2025-06-11T00:00:00.000Z',
    });
    deleted.detail.configurationItemDiff = { changedProperties: {}, changeType: 'DELETE' };
    const events = join(work, 'lifecycle.jsonl');
    writeFileSync(events, `${[lines[0], lines[14], lines[0], JSON.stringify(deleted)].join('\n')}\n`);
    const run = (workers: string, dir: string) =>
      replayRejecting(events, join(work, dir), '--workers', workers);

    // Act
    const inProcess = run('1', 'lifecycle-1');
    const parallel = run('2', 'lifecycle-2');

    // Assess
    expect(inProcess.status, inProcess.stderr).toBe(0);
    const text = inProcess.stdout;
    const third = text.slice(text.indexOf('── event 3 '), text.indexOf('── event 4 '));
    expect(third).toBe(
      '── event 3 (line 3): aws.config · Config Configuration Item Change AWS::S3::Bucket acme-prod-customer-exports\n' +
        '   ⏭  stale: this configuration item (captured 2025-06-10T09:14:29.876Z) is older than the item captured ' +
        `2025-06-10T10:04:58.000Z (event ${JSON.parse(lines[14]!).id}), already applied: nothing changed, nothing notified\n\n`,
    );
    expect(text.match(/ HIGH {2}S3 buckets block public access/g)).toHaveLength(1);
    expect(text).toMatch(
      /resolved {2}by event deleted-bucket-event at \S+: the resource was deleted \(AWS Config recorded ResourceDeleted at 2025-06-11T00:00:00\.000Z\)/,
    );
    expect(text).toContain('; 1 stale event(s) ignored (older than what was applied).');
    expect(parallel.status, parallel.stderr).toBe(0);
    // The same output either way, but for the approval ids and the times of this run.
    const events_ = (out: string) =>
      out
        .slice(out.indexOf('── event 1 '), out.indexOf('\nSummary:'))
        .replace(/\[[\w-]{12}\]/g, '[id]')
        .replace(/(expires: | at )\S+Z\b/g, '$1<now>');
    expect(events_(parallel.stdout)).toBe(events_(text));
    const state = JSON.parse(readFileSync(join(work, 'lifecycle-2', 'state.json'), 'utf8'));
    expect(Object.values(state.resources)).toMatchObject([
      { eventId: 'deleted-bucket-event', deleted: 'ResourceDeleted' },
    ]);
  });

  it('a redelivered copy of an acknowledged sign-in is one "acknowledged" line per finding, nothing posted; a later sign-in reopens them', async () => {
    // Prepare: the root sign-in triaged, then both its one-off findings acknowledged with the CLI.
    const signIn = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')[7]!;
    const later = JSON.parse(signIn);
    later.id = 'a-later-sign-in-event';
    Object.assign(later.detail, { eventTime: '2025-06-10T09:30:00Z', eventID: 'a-later-sign-in' });
    const once = join(work, 'sign-in.jsonl');
    const replay = join(work, 'sign-in-again.jsonl');
    writeFileSync(once, `${signIn}\n`);
    writeFileSync(replay, `${signIn}\n${JSON.stringify(later)}\n`);
    const dir = join(work, 'acknowledged');
    const run = (events: string) =>
      start(['--events', events, '--approve', 'none', '--state', dir, '--no-report']);
    expect(run(once).status).toBe(0);
    const stored = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).findings as Record<
      string,
      { id: string; ruleId: string; source: string }
    >;
    const oneOff = Object.values(stored).filter((f) => f.source === 'cloudtrail');
    expect(oneOff.map((f) => f.ruleId).sort()).toEqual(['console-signin-without-mfa', 'root-user-activity']);
    for (const f of oneOff) {
      expect((await cli(['acknowledge', f.id, '--from', dir, '--by', 'alice'])).code).toBe(0);
    }

    // Act: the same event again (a redelivery), then a later sign-in
    const again = run(replay);

    // Assess
    expect(again.status, again.stderr).toBe(0);
    const text = again.stdout;
    const first = text.slice(text.indexOf('── event 1 '), text.indexOf('── event 2 '));
    const kept = first.split('\n').filter((l) => l.includes('⏭'));
    expect(kept).toHaveLength(2);
    const through =
      'through the occurrence at 2025-06-10T06:58:12Z (event 6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d); this one at ' +
      '2025-06-10T06:58:12Z (event 6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d) is not later: nothing changed, nothing notified';
    expect(kept.map((l) => l.replace(/ at \S+Z, through/, ' at <ack>, through')).sort()).toEqual(
      oneOff
        .map((f) => `   ⏭  acknowledged: ${f.ruleId} ${f.id} was acknowledged by alice at <ack>, ${through}`)
        .sort(),
    );
    expect(first).not.toMatch(/CRITICAL|RESOLVED|no change/);
    const second = text.slice(text.indexOf('── event 2 '), text.indexOf('\nSummary:'));
    expect(second.match(/^ CRITICAL /gm)).toHaveLength(2);
    expect(text).toContain('findings: 2 opened, 0 changed, 2 unchanged, 0 resolved');
  });

  it('asks one approval at a time with --approve ask; piped answers go to the approvals in order', () => {
    // The bucket (line 1) and the security group (line 3) of the sample events.
    const lines = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8').split('\n');
    const events = join(work, 'bucket.jsonl');
    writeFileSync(events, `${lines[0]!}\n${lines[2]!}\n`);
    const run = start(
      [
        '--events',
        events,
        '--approve',
        'ask',
        '--approval-timeout',
        '1',
        '--state',
        join(work, 's3'),
        '--no-report',
      ],
      // A typo is asked again; Enter takes the default the prompt names (no).
      'maybe\ny\n\n',
    );
    expect(run.status, run.stderr).toBe(0);
    const prompt =
      /^ {3}Approve (\S+) \(.+\)\? \[y\]es \/ \[n\]o \/ \[s\]kip \(let it expire\), Enter = no: (.*)$/gm;
    const asked = [...run.stdout.matchAll(prompt)].map((m) => ({ id: m[1]!, answer: m[2]! }));
    // The bucket breaks three rules with a fix, two of them fixed by Block Public Access: two
    // approvals, one naming both findings; the security group one more. Three questions, the first
    // asked twice (the typo). Nothing else is printed into a question's line: each ends with the
    // answer alone.
    expect(asked.map((a) => a.answer)).toEqual(['maybe', 'y', '', '']);
    expect(asked[0]!.id).toBe(asked[1]!.id);
    expect(new Set(asked.map((a) => a.id)).size).toBe(3);
    expect(run.stdout).toMatch(
      /^ {3}Approve \S+ \(Block all public access on the S3 bucket · acme-prod-customer-exports · fixes 2 findings\)\?/m,
    );
    expect(run.stdout).toContain('"maybe" is not one of the choices: answer y, n or s (Enter = no)');
    expect(run.stdout).toContain(`→ ${asked[3]!.id} rejected: no more answers on stdin (as --approve none)`);
    expect(run.stdout).not.toContain('left undecided');
    // Answered at the prompt: a person decided.
    expect(readFileSync(join(work, 's3', 'audit.jsonl'), 'utf8')).toContain(
      '"actor":"slack:ULOCALAPPROVER (local approver)","action":"approved"',
    );
    // Each outcome is reported on every finding its fix covers: two for the group's, one otherwise.
    const findingsOf = (id: string) =>
      run.stdout.includes(`Approve ${id} (Block all public access on the S3 bucket`) ? 2 : 1;
    expect(run.stdout.match(/🧪 Approved, dry run only/g)).toHaveLength(findingsOf(asked[1]!.id));
    expect(run.stdout.match(/🚫 Remediation rejected/g)).toHaveLength(
      findingsOf(asked[2]!.id) + findingsOf(asked[3]!.id),
    );
  });

  it('a skip at the prompt expires the approval at once, however long the deployed timeout', () => {
    const events = join(work, 'bucket-skip.jsonl');
    writeFileSync(events, readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8').split('\n')[0]!);
    // A day, as cdk.json's approvalTimeoutSeconds often is: the run must not wait for it.
    const args = ['--events', events, '--approve', 'ask', '--approval-timeout', '86400'];
    const run = start([...args, '--state', join(work, 's-skip'), '--no-report'], 's\nn\nn\n');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('here it expires now and the run goes on');
    expect(run.stdout.match(/⌛ Approval expired: nothing was changed/g)).toHaveLength(1);
    expect(run.stdout.match(/🚫 Remediation rejected/g)).toHaveLength(2);
  });

  it('--help says --approve asks when stdin is a terminal (not a fixed default)', () => {
    const help = start(['--help']);
    expect(help.status).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('(default: ask when stdin is a terminal, else none)');
    expect(text).not.toContain('(default: "none")');
    expect(text).toContain("(default: the configuration's notifyMinSeverity, else medium)");
    expect(text).toContain(
      '--approval-timeout <seconds> how long an approval waits for a decision before it expires' +
        " (answering s at the prompt waits it out) (default: the configuration's approvalTimeoutSeconds, else 300)",
    );
  });

  it('replays a CloudTrail log file ({"Records": [...]}) as the bus delivers its events', () => {
    const records = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('via CloudTrail'))
      .map((l) => JSON.parse(l).detail);
    const trail = join(work, 'trail.json');
    writeFileSync(trail, JSON.stringify({ Records: records }));
    const run = start(['--events', trail, '--approve', 'none', '--state', join(work, 's4'), '--no-report']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      '(Records[0]): aws.signin · AWS Console Sign In via CloudTrail ConsoleLogin',
    );
    expect(run.stdout).toContain('Console sign-ins use MFA');
    expect(run.stdout).toMatch(
      new RegExp(`Summary: ${records.length} events, ${records.length} triaged, 0 dead-lettered`),
    );
  });

  it('--notify-min-severity info notifies every finding (no "Not notified" note); a bad value exits 2', () => {
    const events = join(work, 'bucket-min.jsonl');
    writeFileSync(
      events,
      `${readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8').split('\n')[0]!}\n`,
    );
    const common = ['--events', events, '--approve', 'none', '--state', join(work, 's6'), '--out', out];
    const all = start([...common, '--reset', '--no-report', '--notify-min-severity', 'info']);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^ LOW {2}S3 buckets have an enabled lifecycle rule/m);
    expect(all.stdout).not.toContain('Not notified');
    expect(all.stdout).not.toContain('recorded, not notified');
    const bad = start([...common, '--notify-min-severity', 'urgent']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('use one of critical, high, medium, low, info');
  });

  it.each([
    ['a missing events file', () => ['--events', join(work, 'missing.jsonl')], 'missing.jsonl: no such file'],
    [
      'an empty events file',
      () => {
        writeFileSync(join(work, 'empty.jsonl'), '');
        return ['--events', join(work, 'empty.jsonl')];
      },
      'empty.jsonl: file is empty',
    ],
    [
      'a --config-items file that does not exist',
      () => ['--config-items', join(work, 'nope.json')],
      'nope.json: no such file',
    ],
    [
      'an --accounts file that is not JSON',
      () => {
        writeFileSync(join(work, 'accounts.json'), '{ not json');
        return ['--accounts', join(work, 'accounts.json')];
      },
      'accounts.json: not valid JSON',
    ],
  ])('exits 2 with a one-line error naming the file for %s', (_, args, message) => {
    const run = start([...args(), '--state', join(work, 's5')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(message);
  });
});
