import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateReport } from '../../functions/cli/commands/evaluate';
import { captureIo } from '../../functions/cli/io';
import { RuleBook } from '../../functions/rulebook/engine';
import type { ActivityEvent } from '../../functions/rulebook/model/activity-event';
import { fail, notApplicable } from '../../functions/rulebook/model/evaluation';
import type { Finding } from '../../functions/rulebook/model/finding';
import { defineRule } from '../../functions/rulebook/rule';
import { cli, EVERY_EVENT_KIND, json, ROOT, scratch } from './support';

const EVENTS = join(ROOT, 'test', 'fixtures', 'events');
const event = (name: string) =>
  JSON.parse(readFileSync(join(EVENTS, name), 'utf8')) as Record<string, unknown>;
const line = (name: string) => JSON.stringify(event(name));
const record = (name: string) => structuredClone(event(name).detail) as Record<string, unknown>;

type Output = { findings: Finding[]; summary: Record<string, unknown> & { errors: unknown[] } };

/** A hand-built activity rule, so activity evaluation is tested whatever rules are registered. */
const stopLogging = defineRule({
  id: 'test-cloudtrail-stop-logging',
  title: 'CloudTrail logging is not stopped (test rule)',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'activity', eventNames: ['StopLogging'] },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 1' },
  rationale: 'test rule: stopping a trail blinds the audit log',
  recommendation: 'start logging again',
  expectedImpact: 'audit trail restored',
  evaluate(activity: ActivityEvent) {
    if (activity.errorCode) return notApplicable('the call failed');
    return fail(`${activity.actor.type} stopped logging`);
  },
});

describe('compliance-bot evaluate', () => {
  it('runs JSON lines of every event kind through classifyEvent and the engine', async () => {
    const lines = EVERY_EVENT_KIND.map(line);
    // A Config item of a type the rule book has no model for (counted, not an error).
    const athena = event('config-ci-s3-bucket.json') as {
      detail: { configurationItem: Record<string, unknown> };
    };
    athena.detail.configurationItem.resourceType = 'AWS::Athena::WorkGroup';
    athena.detail.configurationItem.resourceId = 'analysts';
    lines.splice(3, 0, JSON.stringify(athena));
    const dir = scratch({ 'events.jsonl': `${lines.join('\n')}\n\n` });
    const { code, stdout, stderr } = await cli(['evaluate', `${dir}/events.jsonl`, '-f', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const out = json<Output>(stdout);
    expect(out.findings.map((f) => [f.ruleId, f.resource.id, f.source])).toEqual([
      ['s3-bucket-blocks-public-access', 'acme-prod-customer-exports', 'config'],
    ]);
    expect(out.summary.needsFetch).toEqual([
      expect.objectContaining({
        file: `${dir}/events.jsonl`,
        line: 2,
        resourceType: expect.any(String),
        reason: expect.stringContaining('must be fetched'),
      }),
    ]);
    // The NON_COMPLIANT verdict of s3-bucket-level-public-access-prohibited maps onto the rule book's
    // own rule for the same bucket: the same finding id, so one finding, not two, and nothing left over.
    expect(out.summary.complianceChanges).toEqual([]);
    expect(out.summary.unsupportedTypes).toEqual([
      {
        type: 'AWS::Athena::WorkGroup',
        count: 1,
        resources: [{ file: `${dir}/events.jsonl`, id: 'analysts' }],
      },
    ]);
    // bucket + StopLogging activity + cost anomaly; oversized and compliance changes are not evaluated
    expect(out.summary.subjectsEvaluated).toBe(3);
  });

  it('evaluates a file given more than once, or spelt two ways, once', async () => {
    // Prepare
    const dir = scratch({
      'events.jsonl': `${line('config-ci-s3-bucket.json')}\n${line('cloudtrail-stoplogging.json')}\n`,
    });
    const file = 'events.jsonl';
    // Act
    const once = await cli(['evaluate', file, '-f', 'json'], { cwd: dir, rules: [stopLogging] });
    const repeated = await cli(['evaluate', file, `./${file}`, join(dir, file), file, '-f', 'json'], {
      cwd: dir,
      rules: [stopLogging],
    });
    // Assess
    expect(repeated.stderr).toBe('');
    const first = json<Output>(once.stdout);
    const again = json<Output>(repeated.stdout);
    expect(first.summary.subjectsEvaluated).toBe(2);
    expect(first.summary.filesScanned).toEqual([file]);
    expect(again.summary).toEqual(first.summary);
    expect(again.findings.map((f) => f.id)).toEqual(first.findings.map((f) => f.id));
  });

  it('accepts one pretty-printed EventBridge event', async () => {
    const { code, stdout } = await cli(['evaluate', 'test/fixtures/events/config-ci-s3-bucket.json']);
    expect(code).toBe(1);
    expect(stdout).toContain('acme-prod-customer-exports');
    expect(stdout).toContain('111122223333 eu-west-1');
  });

  it('ignores a UTF-8 byte order mark at the start of the file', async () => {
    const dir = scratch({ 'e.json': `\uFEFF${JSON.stringify(event('config-ci-s3-bucket.json'), null, 2)}` });
    const { code, stdout, stderr } = await cli(['evaluate', `${dir}/e.json`]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain('acme-prod-customer-exports');
  });

  it('accepts a JSON array of events, naming a bad one by its index', async () => {
    const dir = scratch({ 'e.json': [event('config-ci-s3-bucket.json'), { source: 'aws.config' }] });
    const { code, stdout, stderr } = await cli(['evaluate', `${dir}/e.json`, '-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `compliance-bot: ${dir}/e.json: [1]: event has no "source" / "detail-type": not an EventBridge event\n`,
    );
    expect(json<Output>(stdout).findings).toHaveLength(1);
  });

  it.each(['trail.json', 'trail.json.gz'])(
    'reads a CloudTrail log file (%s) and judges each record',
    (name) => {
      const log = {
        Records: [record('cloudtrail-stoplogging.json'), record('cloudtrail-stoplogging-accessdenied.json')],
      };
      const dir = scratch({ [name]: log });
      const io = captureIo({ cwd: ROOT });
      const report = evaluateReport([`${dir}/${name}`], { failOn: 'high' }, io, new RuleBook([stopLogging]));
      expect(report.summary.errors).toEqual([]);
      expect(report.summary.subjectsEvaluated).toBe(2);
      expect(report.summary.checks).toMatchObject({ failed: 1, notApplicable: 1 });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({
        ruleId: 'test-cloudtrail-stop-logging',
        severity: 'critical',
        source: 'cloudtrail',
        actor: expect.objectContaining({ label: expect.any(String) }),
      });
    },
  );

  describe('bad input: exit 2, one line per problem naming file and line, good events still evaluated', () => {
    it('a truncated last JSON line', async () => {
      const s3 = line('config-ci-s3-bucket.json');
      const dir = scratch({ 'e.jsonl': `${s3}\n${s3.slice(0, 120)}` });
      const { code, stdout, stderr } = await cli(['evaluate', `${dir}/e.jsonl`, '-f', 'json']);
      expect(code).toBe(2);
      expect(stderr).toMatch(
        new RegExp(
          `^compliance-bot: ${dir}/e\\.jsonl:2: truncated JSON line \\(the file ends in the middle of an event\\): .+\\n$`,
        ),
      );
      expect(json<Output>(stdout).findings).toHaveLength(1);
    });

    it('a broken line in the middle', async () => {
      const s3 = line('config-ci-s3-bucket.json');
      const dir = scratch({ 'e.jsonl': `${s3}\n{oops\n${s3}\n` });
      const { code, stderr } = await cli(['evaluate', `${dir}/e.jsonl`]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^compliance-bot: ${dir}/e\\.jsonl:2: not valid JSON: `));
    });

    it('an event of an unknown source', async () => {
      const other = JSON.stringify({ source: 'aws.foo', 'detail-type': 'Foo Happened', detail: {} });
      const dir = scratch({ 'e.jsonl': `${line('config-ci-s3-bucket.json')}\n${other}\n` });
      const { code, stderr } = await cli(['evaluate', `${dir}/e.jsonl`]);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `compliance-bot: ${dir}/e.jsonl:2: unsupported event: source "aws.foo", detail-type "Foo Happened"\n`,
      );
    });

    it('a Config item with missing fields', async () => {
      const e = event('config-ci-s3-bucket.json') as {
        detail: { configurationItem: Record<string, unknown> };
      };
      delete e.detail.configurationItem.resourceType;
      const dir = scratch({ 'e.json': e });
      const { code, stderr } = await cli(['evaluate', `${dir}/e.json`]);
      expect(code).toBe(2);
      expect(stderr).toBe(`compliance-bot: ${dir}/e.json: configuration item has no resourceType\n`);
    });

    it('a CloudTrail record without userIdentity: never a crash; if refused, named by its index', async () => {
      // The core decides whether such a record is an activity with an unknown actor (CloudTrail omits
      // userIdentity for some service events) or bad input; either way the other records go on.
      const bad = record('cloudtrail-deletetrail.json');
      delete bad.userIdentity;
      const dir = scratch({ 'trail.json': { Records: [record('cloudtrail-stoplogging.json'), bad] } });
      const { code, stderr, stdout } = await cli(['evaluate', `${dir}/trail.json`, '-f', 'json']);
      const out = json<Output>(stdout);
      if (stderr === '') {
        expect(code).toBe(0);
        expect(out.summary.subjectsEvaluated).toBe(2);
      } else {
        expect(code).toBe(2);
        expect(stderr).toMatch(
          new RegExp(
            `^compliance-bot: ${dir}/trail\\.json: Records\\[1\\]: CloudTrail record DeleteTrail .*\\n$`,
          ),
        );
        expect(out.summary.subjectsEvaluated).toBe(1);
      }
    });

    it('a CloudTrail record without eventName, named by its index', async () => {
      const bad = record('cloudtrail-deletetrail.json');
      delete bad.eventName;
      const dir = scratch({ 'trail.json': { Records: [record('cloudtrail-stoplogging.json'), bad] } });
      const { code, stderr, stdout } = await cli(['evaluate', `${dir}/trail.json`, '-f', 'json']);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `compliance-bot: ${dir}/trail.json: Records[1]: CloudTrail record has no eventName\n`,
      );
      expect(json<Output>(stdout).summary.subjectsEvaluated).toBe(1);
    });

    it('a pretty-printed event cut short', async () => {
      const text = JSON.stringify(event('config-ci-s3-bucket.json'), null, 2);
      const dir = scratch({ 'e.json': text.slice(0, 400) });
      const { code, stderr } = await cli(['evaluate', `${dir}/e.json`]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^compliance-bot: ${dir}/e\\.json(:\\d+)?: not valid JSON: `));
    });

    it('a missing file', async () => {
      const { code, stderr } = await cli(['evaluate', 'missing.jsonl']);
      expect(code).toBe(2);
      expect(stderr).toBe('compliance-bot: missing.jsonl: no such file or folder\n');
    });

    it('"Records" that is not a list', async () => {
      const dir = scratch({ 't.json': { Records: 'nope' } });
      const { code, stderr } = await cli(['evaluate', `${dir}/t.json`]);
      expect(code).toBe(2);
      expect(stderr).toContain('"Records" is not a list: not a CloudTrail log file');
    });
  });
});
