import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../functions/cli/errors';
import { BOT_CONFIG_KEYS, loadBotSettings } from '../../functions/cli/inputs/bot-config';
import { RULES } from '../../functions/rulebook/rules/index';
import { type InfraConfigError, infraConfigSchema, parseInfraConfig } from '../../infra/config';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'compliance-bot-start-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ruleIds = new Set(Object.keys(RULES));
const SAMPLE = readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8');
const BUCKET_EVENT = SAMPLE.split('\n')[0]!;

/** A folder holding `files` (name -> content; objects are written as JSON). */
function folder(name: string, files: Record<string, unknown>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files))
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  writeFileSync(join(dir, 'bucket.jsonl'), `${BUCKET_EVENT}\n`);
  return dir;
}

/** `npm start` run in `cwd` (as a user in their project folder), on the bundled bucket event (`args` win). */
function startIn(cwd: string, args: string[] = [], input = '') {
  return spawnSync(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [
      join(ROOT, 'functions', 'cli', 'start.ts'),
      '--events',
      'bucket.jsonl',
      '--approve',
      'none',
      '--state',
      join(cwd, 'state'),
      '--reset',
      '--no-report',
      ...args,
    ],
    {
      cwd,
      input,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', SLACK_BOT_TOKEN: '', SLACK_CHANNEL: '' },
      timeout: 120_000,
    },
  );
}

/** How long each approval of the run's state folder waits: expiresAt - requestedAt, in seconds. */
function approvalTimeouts(cwd: string): number[] {
  const approvals = Object.values(
    JSON.parse(readFileSync(join(cwd, 'state', 'state.json'), 'utf8')).approvals as Record<
      string,
      { requestedAt: string; expiresAt: string }
    >,
  );
  return approvals.map((a) => (Date.parse(a.expiresAt) - Date.parse(a.requestedAt)) / 1000);
}

function loadError(cwd: string, file?: string): InputError {
  try {
    loadBotSettings({ cwd, ...(file ? { file } : {}), ruleIds });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('npm start reads the deployed configuration', () => {
  it('knows the same top-level keys as the synth-time schema', () => {
    expect([...BOT_CONFIG_KEYS].sort()).toEqual(Object.keys(infraConfigSchema.shape).sort());
  });

  it('names each bad key exactly as synth does', () => {
    // Prepare
    const bot = {
      notifyMinSeverity: 'urgent',
      approvalTimeoutSeconds: 30,
      remediation: { enabled: 'no', enable: false },
      slak: {},
      ruleBook: { disabledRules: ['s3-bucket-blocks-publicaccess'] },
    };
    const dir = folder('bad-keys', { 'cdk.json': { context: { complianceBot: bot } } });
    // Act
    const error = loadError(dir);
    let synth: string[] = [];
    try {
      parseInfraConfig(bot);
    } catch (e) {
      synth = (e as InfraConfigError).issues;
    }
    // Assess
    expect(error.file).toBe('cdk.json');
    const issues = error.message.replace(/^invalid configuration: /, '').split('; ');
    expect(issues).toEqual([
      'complianceBot.notifyMinSeverity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"',
      'complianceBot.approvalTimeoutSeconds: Too small: expected number to be >=60',
      'complianceBot.remediation.enabled: Invalid input: expected boolean, received string',
      'complianceBot.remediation.enable: unknown key (check the spelling)',
      'complianceBot.slak: unknown key (check the spelling)',
      'complianceBot.ruleBook.disabledRules.0: unknown rule id "s3-bucket-blocks-publicaccess" (did you mean "s3-bucket-blocks-public-access"?)',
    ]);
    for (const issue of issues) expect(synth).toContain(issue);
  });

  it('follows complianceBotConfigFile, and takes --config as cdk.json, bot config or rule book file', () => {
    const dir = folder('forms', {
      'cdk.json': { context: { complianceBotConfigFile: 'bot.json' } },
      'bot.json': { notifyMinSeverity: 'high', ruleBook: { disabledRules: ['s3-bucket-enforces-tls'] } },
      'rules.yaml': 'disabledRules: [s3-bucket-enforces-tls]\n',
      'other.json': { context: { complianceBot: { notifyMinSeverity: 'low' } } },
    });
    expect(loadBotSettings({ cwd: dir, ruleIds })).toMatchObject({
      source: 'cdk.json → bot.json',
      notifyMinSeverity: 'high',
      ruleBook: { disabledRules: ['s3-bucket-enforces-tls'] },
    });
    expect(loadBotSettings({ cwd: dir, file: 'bot.json', ruleIds }).source).toBe('bot.json');
    const rules = loadBotSettings({ cwd: dir, file: 'rules.yaml', ruleIds });
    expect(rules.source).toBe('rules.yaml (rule book)');
    expect(rules.notifyMinSeverity).toBeUndefined();
    expect(loadBotSettings({ cwd: dir, file: 'other.json', ruleIds })).toMatchObject({
      source: 'other.json (context.complianceBot)',
      notifyMinSeverity: 'low',
    });
    expect(loadError(dir, 'missing.json').message).toContain('no such file');
    expect(loadBotSettings({ cwd: folder('empty', {}), ruleIds }).source).toBeUndefined();
  });

  it('reads the file complianceBotConfigFile names beside its cdk.json, as synth does, not in the current folder', () => {
    const dir = folder('nested', {
      'bot.json': { notifyMinSeverity: 'low' },
    });
    mkdirSync(join(dir, 'app'), { recursive: true });
    writeFileSync(
      join(dir, 'app', 'cdk.json'),
      JSON.stringify({ context: { complianceBotConfigFile: 'bot.json' } }),
    );
    writeFileSync(join(dir, 'app', 'bot.json'), JSON.stringify({ notifyMinSeverity: 'critical' }));
    expect(loadBotSettings({ cwd: dir, file: 'app/cdk.json', ruleIds })).toMatchObject({
      source: 'app/cdk.json → app/bot.json',
      notifyMinSeverity: 'critical',
    });
  });

  it('applies notifyMinSeverity and the rule book of ./cdk.json, says so in the header; a flag wins', () => {
    // Prepare: every finding notified, the TLS rule disabled, a tag policy of one tag.
    const dir = folder('applied', {
      'cdk.json': {
        context: {
          complianceBot: {
            notifyMinSeverity: 'info',
            ruleBook: {
              disabledRules: ['s3-bucket-enforces-tls'],
              tagPolicy: { mandatoryTags: ['Environment'] },
            },
          },
        },
      },
    });
    // Act
    const run = startIn(dir);
    const flagged = startIn(dir, ['--notify-min-severity', 'critical']);
    // Assess
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('\nconfiguration: cdk.json (context.complianceBot)\n');
    expect(run.stdout).toMatch(/^ LOW {2}S3 buckets have an enabled lifecycle rule/m);
    expect(run.stdout).not.toContain('S3 bucket policies deny requests that do not use TLS');
    // By default App and SecurityClassification are missing too.
    expect(run.stdout).toContain('found     Missing mandatory tag: ComplianceRequired\n');
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(flagged.stdout).toContain(
      '\nconfiguration: cdk.json (context.complianceBot); --notify-min-severity critical\n',
    );
    expect(flagged.stdout).not.toMatch(/^ (HIGH|MEDIUM|LOW) /m);
    expect(flagged.stdout).toContain('below critical: recorded, not notified');
  });

  it('remediation.enabled false: the sample run asks nothing, plans nothing, says why once, on workers too', () => {
    // Prepare
    const dir = folder('remediation-off', {
      'cdk.json': { context: { complianceBot: { remediation: { enabled: false } } } },
      'sample.jsonl': SAMPLE,
    });
    // Act: --approve ask with nothing on stdin: a question would be answered "no more answers".
    const run = startIn(dir, ['--events', 'sample.jsonl', '--approve', 'ask', '--workers', '1']);
    const workers = startIn(dir, ['--events', 'sample.jsonl', '--workers', '2']);
    // Assess
    expect(run.status, run.stderr).toBe(0);
    const why =
      '\nremediation: off (remediation.enabled false): no plan is made, no approval asked, nothing changed\n';
    expect(run.stdout).toContain(`\nconfiguration: cdk.json (context.complianceBot)${why}`);
    expect(run.stdout.split(why)).toHaveLength(2);
    expect(run.stdout).not.toContain('Approve ');
    expect(run.stdout).not.toContain('Approval needed');
    expect(run.stdout).not.toContain('planned calls');
    expect(run.stdout).not.toMatch(/^ {3}read \w+\.\w+ from the Config item/m);
    expect(run.stdout).toContain(
      'ℹ️  Not remediated (remediation is turned off in this deployment): S3 buckets block public access',
    );
    // Nothing failed for want of a remediation role: only the malformed sample line is dead-lettered.
    expect(run.stdout).toMatch(/Summary: 15 events, 14 triaged, 1 dead-lettered \(/);
    // Nothing was requested, decided or run: nothing to audit.
    expect(existsSync(join(dir, 'state', 'audit.jsonl'))).toBe(false);
    expect(workers.status, workers.stderr).toBe(0);
    expect(workers.stdout).toContain(' on 2 triage workers');
    // The same output but for the banner and the clock (a resolution says when).
    const same = (text: string) =>
      text.replace(/ on \d+ triage workers/, '').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');
    expect(same(workers.stdout)).toBe(same(run.stdout));
  });

  it('takes the approval timeout from approvalTimeoutSeconds, on workers too; --approval-timeout wins', () => {
    // Prepare
    const dir = folder('timeout', {
      'cdk.json': { context: { complianceBot: { approvalTimeoutSeconds: 3600 } } },
    });
    // Act
    const configured = startIn(dir, ['--workers', '2']);
    const fromConfig = approvalTimeouts(dir);
    const flagged = startIn(dir, ['--approval-timeout', '120']);
    const fromFlag = approvalTimeouts(dir);
    const none = startIn(folder('timeout-default', {}));
    // Assess
    expect(configured.status, configured.stderr).toBe(0);
    expect(configured.stdout).toContain(
      '\nconfiguration: cdk.json (context.complianceBot): approvalTimeoutSeconds 3600\n',
    );
    expect(fromConfig.length).toBeGreaterThan(0);
    expect(new Set(fromConfig)).toEqual(new Set([3600]));
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(flagged.stdout).toContain(
      '\nconfiguration: cdk.json (context.complianceBot): approvalTimeoutSeconds 3600; --approval-timeout 120\n',
    );
    expect(new Set(fromFlag)).toEqual(new Set([120]));
    expect(none.status, none.stderr).toBe(0);
    expect(new Set(approvalTimeouts(join(work, 'timeout-default')))).toEqual(new Set([300]));
  });

  it('applies --config on triage workers too', () => {
    const dir = folder('workers', { 'rules.json': { disabledRules: ['s3-bucket-enforces-tls'] } });
    const run = startIn(dir, ['--config', 'rules.json', '--workers', '2']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('\nconfiguration: rules.json (rule book)\n');
    expect(run.stdout).toContain('S3 buckets block public access');
    expect(run.stdout).not.toContain('S3 bucket policies deny requests that do not use TLS');
  });

  it('exits 2 naming the file and every bad key; without cdk.json it says the defaults are used', () => {
    const bad = startIn(
      folder('invalid', { 'cdk.json': { context: { complianceBot: { notifyMinSeverity: 'urgent' } } } }),
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'error: cdk.json: invalid configuration: complianceBot.notifyMinSeverity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"',
    );
    const timeout = startIn(
      folder('invalid-timeout', {
        'cdk.json': { context: { complianceBot: { approvalTimeoutSeconds: 30 } } },
      }),
    );
    expect(timeout.status).toBe(2);
    expect(timeout.stderr.trim()).toBe(
      'error: cdk.json: invalid configuration: complianceBot.approvalTimeoutSeconds: Too small: expected number to be >=60',
    );
    const none = startIn(folder('none', {}));
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toContain('\nconfiguration: none (no cdk.json here): built-in defaults\n');
  });
});
