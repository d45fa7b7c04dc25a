import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import {
  encodeApprovers,
  InfraConfigError,
  loadInfraConfig,
  oneOffSeverities,
  parseInfraConfig,
  unacknowledgeableSeverities,
  unapprovableSeverities,
} from '../../infra/config';

const DEFAULT_CONFIG = cdkJson.context.complianceBot;

function issuesOf(input: unknown): string[] {
  try {
    parseInfraConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InfraConfigError);
    return (error as InfraConfigError).issues;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('infra configuration', () => {
  it('accepts the cdk.json defaults and fills the documented defaults', () => {
    const config = parseInfraConfig(DEFAULT_CONFIG);
    expect(config.reportSchedule).toEqual({ expression: 'cron(0 8 ? * MON *)', timezone: 'UTC' });
    expect(config.regions).toContain('us-east-1');
    expect(config.remediation.enabled).toBe(true);
    expect(config.approvalTimeoutSeconds).toBe(86_400);
    expect(config.organization.stackSetCallAs).toBe('DELEGATED_ADMIN');
    // The rule book config is validated by the core and comes back with its defaults.
    expect(config.ruleBook.tagPolicy.mandatoryTags).toContain('CostCenter');
  });

  it('fills defaults for everything optional given only the required keys', () => {
    const config = parseInfraConfig({
      slack: { channelId: 'C0123456789' },
      organization: { id: 'o-abcdefghij', targetOrganizationalUnitIds: ['r-ab12'] },
    });
    expect(config.notifyMinSeverity).toBe('medium');
    expect(config.regions).toEqual(['us-east-1']);
    expect(config.slack.approvers.critical).toEqual([]);
    expect(config.logRetentionDays).toBe(365);
  });

  it.each([
    [
      'a channel name instead of an id',
      { slack: { channelId: '#security' } },
      'complianceBot.slack.channelId',
    ],
    [
      'an approver that is not a user id',
      { slack: { channelId: 'C0123456789', approvers: { high: ['alice'] } } },
      'complianceBot.slack.approvers.high.0',
    ],
    ['an unknown severity threshold', { notifyMinSeverity: 'urgent' }, 'complianceBot.notifyMinSeverity'],
    ['regions without us-east-1', { regions: ['eu-west-1'] }, 'complianceBot.regions'],
    ['a malformed region', { regions: ['us-east-1', 'Frankfurt'] }, 'complianceBot.regions.1'],
    [
      'a malformed organization id',
      { organization: { id: 'org-1', targetOrganizationalUnitIds: ['r-ab12'] } },
      'complianceBot.organization.id',
    ],
    [
      'no target OU',
      { organization: { id: 'o-abcdefghij', targetOrganizationalUnitIds: [] } },
      'complianceBot.organization.targetOrganizationalUnitIds',
    ],
    [
      'a schedule that is not an expression',
      { reportSchedule: { expression: 'monday 8am' } },
      'complianceBot.reportSchedule.expression',
    ],
    [
      'a five-field cron (Scheduler needs the year too)',
      { reportSchedule: { expression: 'cron(0 8 * * MON)' } },
      'complianceBot.reportSchedule.expression',
    ],
    [
      'a cron with both day fields set',
      { reportSchedule: { expression: 'cron(0 8 * * MON *)' } },
      'complianceBot.reportSchedule.expression',
    ],
    [
      'a rate without a unit',
      { reportSchedule: { expression: 'rate(7)' } },
      'complianceBot.reportSchedule.expression',
    ],
    [
      'a misspelt time zone',
      { reportSchedule: { expression: 'cron(0 8 ? * MON *)', timezone: 'Europe/Londn' } },
      'complianceBot.reportSchedule.timezone',
    ],
    [
      'an approval timeout of 10 seconds',
      { approvalTimeoutSeconds: 10 },
      'complianceBot.approvalTimeoutSeconds',
    ],
    ['remediation as a string', { remediation: { enabled: 'yes' } }, 'complianceBot.remediation.enabled'],
    ['an unsupported log retention', { logRetentionDays: 8 }, 'complianceBot.logRetentionDays'],
    [
      'a workflow log level CloudWatch does not have',
      { triageLogLevel: 'DEBUG' },
      'complianceBot.triageLogLevel',
    ],
    ['a misspelt key', { reportSchedul: {} }, 'complianceBot.reportSchedul'],
    [
      'a bad rule book tag policy (validated by the core)',
      { ruleBook: { tagPolicy: { mandatoryTags: 'CostCenter' } } },
      'complianceBot.ruleBook.tagPolicy.mandatoryTags',
    ],
    ['an unknown rule book key', { ruleBook: { tagPolicyy: {} } }, 'complianceBot.ruleBook'],
    [
      'a misspelt rule id to disable (it would disable nothing)',
      { ruleBook: { disabledRules: ['s3-bucket-blocks-publicaccess'] } },
      'complianceBot.ruleBook.disabledRules',
    ],
  ])('names the key for %s', (_, change, path) => {
    const issues = issuesOf({ ...DEFAULT_CONFIG, ...change });
    expect(issues.some((issue) => issue.startsWith(`${path}:`) || issue.startsWith(`${path}.`))).toBe(true);
  });

  it.each([['cron(0 8 ? * MON *)'], ['cron(30 6 1 * ? *)'], ['rate(7 days)'], ['rate(1 hour)']])(
    'accepts the Scheduler expression %s',
    (expression) => {
      const config = parseInfraConfig({
        ...DEFAULT_CONFIG,
        reportSchedule: { expression, timezone: 'Europe/London' },
      });
      expect(config.reportSchedule).toEqual({ expression, timezone: 'Europe/London' });
    },
  );

  it('reports every problem at once, not only the first', () => {
    const issues = issuesOf({ ...DEFAULT_CONFIG, regions: ['eu-west-1'], notifyMinSeverity: 'urgent' });
    expect(issues).toHaveLength(2);
  });

  it('reports schema errors and unknown rule ids in one pass, each naming its key', () => {
    // Prepare: a bad top-level key, a bad rule book value, a misspelt override id, a bad severity.
    const input = {
      ...DEFAULT_CONFIG,
      notifyMinSeverity: 'urgent',
      ruleBook: {
        rds: { minBackupRetentionDays: 0 },
        severityOverrides: { 's3-bucket-blocks-publicaccess': 'high', 'root-user-activity': 'hgh' },
        disabledRules: ['no-such-rule'],
      },
    };
    // Act
    const issues = issuesOf(input);
    // Assess
    expect(issues).toEqual([
      'complianceBot.notifyMinSeverity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"',
      'complianceBot.ruleBook.rds.minBackupRetentionDays: Too small: expected number to be >=1',
      'complianceBot.ruleBook.severityOverrides.root-user-activity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"',
      'complianceBot.ruleBook.disabledRules.0: unknown rule id "no-such-rule"',
      'complianceBot.ruleBook.severityOverrides.s3-bucket-blocks-publicaccess: unknown rule id "s3-bucket-blocks-publicaccess" (did you mean "s3-bucket-blocks-public-access"?)',
    ]);
  });

  it('names the rule book itself when it is not an object', () => {
    expect(issuesOf({ ...DEFAULT_CONFIG, ruleBook: ['x'] })).toEqual([
      'complianceBot.ruleBook: Invalid input: expected object, received array',
    ]);
  });

  it('says what to add when the context key is missing', () => {
    expect(() => loadInfraConfig({ tryGetContext: () => undefined })).toThrow(/complianceBot: missing/);
  });

  it('reads a config file named in the context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'bot.json'), JSON.stringify({ ...DEFAULT_CONFIG, notifyMinSeverity: 'high' }));
    const config = loadInfraConfig(
      { tryGetContext: (key) => (key === 'complianceBotConfigFile' ? 'bot.json' : undefined) },
      dir,
    );
    expect(config.notifyMinSeverity).toBe('high');
    expect(() =>
      loadInfraConfig(
        { tryGetContext: (key) => (key === 'complianceBotConfigFile' ? 'nope.json' : undefined) },
        dir,
      ),
    ).toThrow(/complianceBotConfigFile: cannot read/);
  });

  it('names the file, and the key path inside it, in every error of a config file', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'bot.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        notifyMinSeverity: 'urgent',
        tagz: {},
        ruleBook: { severityOverrides: { 'no-such-rule': 'low' } },
      }),
    );
    const fromFile = {
      tryGetContext: (key: string) => (key === 'complianceBotConfigFile' ? file : undefined),
    };
    // Act
    let issues: string[] = [];
    try {
      loadInfraConfig(fromFile);
    } catch (error) {
      issues = (error as InfraConfigError).issues;
    }
    // Assess
    expect(issues).toEqual([
      `${file}: notifyMinSeverity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"`,
      `${file}: tagz: unknown key (check the spelling)`,
      `${file}: ruleBook.severityOverrides.no-such-rule: unknown rule id "no-such-rule"`,
    ]);
  });

  it('names the file when it holds null or something other than an object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const at = (name: string, content: string) => {
      writeFileSync(join(dir, name), content);
      return { tryGetContext: (key: string) => (key === 'complianceBotConfigFile' ? name : undefined) };
    };
    expect(() => loadInfraConfig(at('null.json', 'null'), dir)).toThrow(
      `${join(dir, 'null.json')}: holds null; it must hold the configuration object`,
    );
    expect(() => loadInfraConfig(at('list.json', '[]'), dir)).toThrow(
      `${join(dir, 'list.json')}: Invalid input: expected object, received array`,
    );
  });

  it.each([
    ['no approvers at all', {}, {}, ['critical', 'high', 'medium']],
    ['critical only', { critical: ['U1111111111'] }, {}, ['high', 'medium']],
    ['none, but notifyMinSeverity high', {}, { notifyMinSeverity: 'high' }, ['critical', 'high']],
    ['none, but remediation off', {}, { remediation: { enabled: false } }, []],
    [
      'critical to medium (low and info start no remediation)',
      { critical: ['U1111111111'], high: ['U1111111111'], medium: ['U1111111111'] },
      {},
      [],
    ],
  ])('severities whose fixes nobody may approve: %s', (_, approvers, rest, expected) => {
    const config = parseInfraConfig({
      slack: {
        channelId: 'C0123456789',
        approvers,
      },
      organization: { id: 'o-abcdefghij', targetOrganizationalUnitIds: ['r-ab12'] },
      ...rest,
    });
    expect(unapprovableSeverities(config)).toEqual(expected);
  });

  it.each([
    [
      'no approvers, remediation off',
      {},
      { remediation: { enabled: false } },
      ['critical', 'high', 'medium'],
    ],
    ['no approvers, remediation on', {}, {}, ['critical', 'high', 'medium']],
    [
      'critical only, remediation off',
      { critical: ['U1111111111'] },
      { remediation: { enabled: false } },
      ['high', 'medium'],
    ],
    ['none, notifyMinSeverity high', {}, { notifyMinSeverity: 'high' }, ['critical', 'high']],
    // No one-off rule gives low or info findings by default: nothing to acknowledge there.
    [
      'critical to medium, notifyMinSeverity info',
      { critical: ['U1111111111'], high: ['U1111111111'], medium: ['U1111111111'] },
      { notifyMinSeverity: 'info' },
      [],
    ],
    [
      'critical to medium, a one-off rule overridden to low, notifyMinSeverity low',
      { critical: ['U1111111111'], high: ['U1111111111'], medium: ['U1111111111'] },
      { notifyMinSeverity: 'low', ruleBook: { severityOverrides: { 'iam-user-access-key-created': 'low' } } },
      ['low'],
    ],
  ])('severities whose one-off findings nobody may acknowledge: %s', (_, approvers, rest, expected) => {
    const config = parseInfraConfig({
      slack: { channelId: 'C0123456789', approvers },
      organization: { id: 'o-abcdefghij', targetOrganizationalUnitIds: ['r-ab12'] },
      ...rest,
    });
    expect(unacknowledgeableSeverities(config)).toEqual(expected);
  });

  it('counts the severities one-off rules give: defaults, overrides, cost thresholds; not disabled rules', () => {
    const severities = (ruleBook: unknown) =>
      [...oneOffSeverities(parseInfraConfig({ ...DEFAULT_CONFIG, ruleBook }).ruleBook)].sort();
    expect(severities({})).toEqual(['critical', 'high', 'medium']);
    // Medium comes from the cost rules (below highImpactUsd) and two activity rules.
    expect(
      severities({
        disabledRules: ['iam-user-access-key-created', 'kms-key-rotation-disabled'],
        costAnomaly: { highImpactUsd: 0, criticalImpactUsd: 1000 },
      }),
    ).toEqual(['critical', 'high']);
    expect(
      severities({
        severityOverrides: { 'cost-anomaly-detected': 'info' },
        costAnomaly: { highImpactUsd: 0 },
      }),
    ).toEqual(['critical', 'high', 'info', 'medium']);
  });

  it('passes approvers per severity, so a low-severity approver cannot approve a critical fix', () => {
    const config = parseInfraConfig({
      ...DEFAULT_CONFIG,
      slack: {
        channelId: 'C0123456789',
        approvers: { critical: ['U1111111111', 'U1111111111'], low: ['U2222222222'] },
      },
    });
    expect(JSON.parse(encodeApprovers(config))).toEqual({
      critical: ['U1111111111'],
      high: [],
      medium: [],
      low: ['U2222222222'],
      info: [],
    });
  });
});

describe('cdk synth with a bad configuration file (the app run as cdk runs it)', () => {
  /** `node --import tsx infra/app.ts` with the context `cdk synth -c complianceBotConfigFile=FILE` passes. */
  function synthWith(file: string): { status: number | null; stdout: string; stderr: string } {
    const outdir = mkdtempSync(join(tmpdir(), 'compliance-bot-synth-'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ complianceBotConfigFile: file }),
        CDK_OUTDIR: outdir,
      },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it.each([
    {
      name: 'a missing file',
      content: undefined,
      stderr: (path: string) =>
        `Invalid compliance bot configuration:\n  - complianceBotConfigFile: cannot read ${path}: no such file\n`,
    },
    {
      name: 'a file that is not JSON',
      content: '{\n  "organization": }\n',
      stderr: (path: string) =>
        `Invalid compliance bot configuration:\n  - complianceBotConfigFile: ${path} is not valid JSON: Unexpected token '}' at line 2, column 19\n`,
    },
    {
      name: 'a file with a misspelled key',
      content: JSON.stringify({ ...cdkJson.context.complianceBot, tagz: {} }),
      stderr: (path: string) =>
        `Invalid compliance bot configuration:\n  - ${path}: tagz: unknown key (check the spelling)\n`,
    },
  ])('prints only the messages and exits 1: $name', ({ content, stderr }) => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'compliance-bot-config-'));
    const path = join(dir, 'bot.json');
    if (content !== undefined) writeFileSync(path, content);
    // Act
    const result = synthWith(path);
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(stderr(path));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
