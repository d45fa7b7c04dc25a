import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { APPROVAL_TIMEOUT_SECONDS } from '../functions/approvals/timeout';
import { DEFAULT_NOTIFY_MIN_SEVERITY } from '../functions/notifications/min-severity';
import {
  ConfigValidationError,
  parseRuleBookConfig,
  type RuleBookConfig,
} from '../functions/rulebook/config';
import { severityForImpact } from '../functions/rulebook/cost-rule-support';
import { atLeast, SEVERITIES, type Severity } from '../functions/rulebook/model/severity';
import { isOneOffRule } from '../functions/rulebook/one-off';
import type { AnyRule } from '../functions/rulebook/rule';
import { RULES } from '../functions/rulebook/rules/index';
import { jsonParseError } from '../functions/shared/parse-errors';

/**
 * Deployment configuration of the compliance bot, read from the `complianceBot` key of the cdk.json
 * context (or from a JSON file named by the `complianceBotConfigFile` context key) and validated at
 * synth time. Every problem is reported as `complianceBot.<path>: <message>` (from a file:
 * `<file>: <path>: <message>`) so a wrong key is found without reading a stack trace.
 */
export const CONFIG_CONTEXT_KEY = 'complianceBot';
export const CONFIG_FILE_CONTEXT_KEY = 'complianceBotConfigFile';

/**
 * IAM, STS and console sign-in events are delivered to EventBridge in us-east-1 only (aws-facts §1.3),
 * so that region must always host a forwarding rule, and it is where the member stack creates its
 * global (IAM) resources.
 */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

/** The values CloudWatch Logs accepts for `RetentionInDays`. */
const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{8,}$/, 'must be a Slack user id like U0123456789');
const severity = z.enum(SEVERITIES);
const region = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'must be an AWS region name like eu-west-1');

const approversSchema = z
  .object({
    critical: z.array(slackUserId).default([]),
    high: z.array(slackUserId).default([]),
    medium: z.array(slackUserId).default([]),
    low: z.array(slackUserId).default([]),
    info: z.array(slackUserId).default([]),
  })
  .strict();

export const infraConfigSchema = z
  .object({
    slack: z
      .object({
        channelId: z
          .string()
          .regex(/^[CG][A-Z0-9]{8,}$/, 'must be a Slack channel id like C0123456789 (not a #name)'),
        /** Who may approve a remediation, per finding severity. Nobody listed: nobody can approve. */
        approvers: approversSchema.default({ critical: [], high: [], medium: [], low: [], info: [] }),
      })
      .strict(),
    /**
     * Findings below this severity are recorded (and count in the weekly report) but not posted to
     * Slack/SNS, and start no remediation; a change or resolution is posted when the finding was at or
     * above it at some point since it opened. Reaches the Record function as NOTIFY_MIN_SEVERITY.
     */
    notifyMinSeverity: severity.default(DEFAULT_NOTIFY_MIN_SEVERITY),
    /** Regions where member accounts forward events; must include us-east-1 (IAM and sign-in events). */
    regions: z
      .array(region)
      .min(1, 'list at least one region')
      .default([GLOBAL_EVENTS_REGION])
      .refine((regions) => regions.includes(GLOBAL_EVENTS_REGION), {
        message: `must include ${GLOBAL_EVENTS_REGION}: IAM, STS and console sign-in events are only delivered there`,
      })
      .refine((regions) => new Set(regions).size === regions.length, { message: 'lists a region twice' }),
    organization: z
      .object({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id like o-a1b2c3d4e5'),
        /** OUs (or the root `r-…`) the member StackSet deploys to; new accounts there get it automatically. */
        targetOrganizationalUnitIds: z
          .array(
            z
              .string()
              .regex(
                /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
                'must be an OU id like ou-ab12-cd34ef56 or a root id like r-ab12',
              ),
          )
          .min(1, 'list at least one OU or the root id'),
        /**
         * `DELEGATED_ADMIN` when the central account is a StackSets delegated administrator (the usual
         * security-tooling account), `SELF` when deploying from the management account.
         */
        stackSetCallAs: z
          .enum(['SELF', 'DELEGATED_ADMIN'], { error: 'must be SELF or DELEGATED_ADMIN' })
          .default('DELEGATED_ADMIN'),
      })
      .strict(),
    reportSchedule: z
      .object({
        /** EventBridge Scheduler expression. Default: Monday 08:00. */
        expression: z
          .string()
          .regex(/^(cron|rate)\(.+\)$/, 'must be a Scheduler expression like cron(0 8 ? * MON *)')
          .superRefine((expression, ctx) => {
            const problem = scheduleExpressionProblem(expression);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .default('cron(0 8 ? * MON *)'),
        /** IANA time zone the cron expression is read in (Scheduler's ScheduleExpressionTimezone). */
        timezone: z
          .string()
          .min(1)
          .refine(isTimeZone, { message: 'must be an IANA time zone like UTC or Europe/London' })
          .default('UTC'),
      })
      .strict()
      .default({ expression: 'cron(0 8 ? * MON *)', timezone: 'UTC' }),
    /** How long a remediation waits for a human decision before it expires (1 minute to 7 days). */
    approvalTimeoutSeconds: z
      .number()
      .int()
      .min(APPROVAL_TIMEOUT_SECONDS.min)
      .max(APPROVAL_TIMEOUT_SECONDS.max)
      .default(APPROVAL_TIMEOUT_SECONDS.default),
    remediation: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    /** Days a resolved finding's history is kept (DynamoDB TTL). */
    historyRetentionDays: z.number().int().min(1).max(3650).default(400),
    /** CloudWatch Logs retention for functions and workflows. */
    logRetentionDays: z
      .number()
      .int()
      .refine((days) => LOG_RETENTION_DAYS.includes(days), {
        message: `must be a CloudWatch Logs retention value: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(365),
    /**
     * What the Express triage workflow writes to CloudWatch Logs. `ERROR` (default) logs failed and
     * caught steps with their input, which is what an operator needs; `ALL` logs every state of
     * every event (about 12 KB an event, some $5.6 per million events in Logs ingestion). The
     * Standard workflows (remediation, weekly report) always log `ALL`: they are rare and their
     * history is the audit trail.
     */
    triageLogLevel: z.enum(['ALL', 'ERROR', 'FATAL']).default('ERROR'),
    /** Tags on every resource of both stacks (seed 004 "Tag Validation Rules": mandatory + prod SLA). */
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({
      Environment: 'prod',
      App: 'compliance-bot',
      CostCenter: 'security',
      SecurityClassification: 'Internal',
      // "if applicable" in seed 004; a compliance tool is in scope of the audits it supports.
      ComplianceRequired: 'SOC2',
      // Seed 004: Environment prod -> SLA must be defined.
      SLA: 'business-hours',
    }),
    /** The rule book configuration (tag policy, prod detection, overrides): validated by the core. */
    ruleBook: z.unknown().default({}),
  })
  .strict();

export type InfraConfigInput = z.input<typeof infraConfigSchema>;

export interface InfraConfig extends Omit<z.infer<typeof infraConfigSchema>, 'ruleBook'> {
  ruleBook: RuleBookConfig;
  /** The rule book input exactly as given (passed to the functions, which validate it again). */
  ruleBookInput: unknown;
}

export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid compliance bot configuration:\n  - ${issues.join('\n  - ')}`);
    this.issues = issues;
  }
}

/**
 * Validates the configuration object; throws `InfraConfigError` listing every bad key, schema
 * errors and rule book checks (unknown rule ids) together. `file`: the file it was read from,
 * named in every message instead of the `complianceBot` context key.
 */
export function parseInfraConfig(input: unknown, options: { file?: string } = {}): InfraConfig {
  const keyName = keyNamer(options.file);
  if (input === undefined || input === null) {
    throw new InfraConfigError([
      options.file === undefined
        ? `${CONFIG_CONTEXT_KEY}: missing; add it to the "context" of cdk.json`
        : `${options.file}: holds ${input}; it must hold the configuration object (what "${CONFIG_CONTEXT_KEY}" holds in cdk.json)`,
    ]);
  }
  const result = infraConfigSchema.safeParse(input);
  const issues: string[] = result.success
    ? []
    : result.error.issues.flatMap((issue) => {
        const at = issue.path.map(String);
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => `${keyName([...at, key])}: unknown key (check the spelling)`);
        }
        return [`${keyName(at)}: ${issue.message}`];
      });
  let ruleBook: RuleBookConfig | undefined;
  const ruleBookInput = result.success
    ? result.data.ruleBook
    : (input as { ruleBook?: unknown } | undefined)?.ruleBook;
  try {
    // Rule ids are checked against the registry: a misspelled id in disabledRules or
    // severityOverrides would otherwise change nothing, silently.
    ruleBook = parseRuleBookConfig(ruleBookInput ?? {}, new Set(Object.keys(RULES)));
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    // The core's issues are `<path in the rule book>: <message>`, or `(root): <message>`.
    for (const issue of error.issues) {
      issues.push(
        issue.startsWith('(root): ')
          ? `${keyName(['ruleBook'])}: ${issue.slice('(root): '.length)}`
          : `${keyName(['ruleBook'])}.${issue}`,
      );
    }
  }
  if (!result.success || !ruleBook || issues.length) throw new InfraConfigError(issues);
  return { ...result.data, ruleBook, ruleBookInput: ruleBookInput ?? {} };
}

/** Names a key path in messages: `complianceBot.a.b` in the context, `<file>: a.b` in a file. */
function keyNamer(file: string | undefined): (path: readonly string[]) => string {
  if (file === undefined) return (path) => [CONFIG_CONTEXT_KEY, ...path].join('.');
  return (path) => (path.length > 0 ? `${file}: ${path.join('.')}` : file);
}

/** Something with `tryGetContext`: a CDK `App` or `Node`. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/**
 * Reads the configuration from the CDK context: the JSON file named by `complianceBotConfigFile`
 * (relative to the working directory) when set, else the `complianceBot` object.
 */
export function loadInfraConfig(context: ContextSource, cwd = process.cwd()): InfraConfig {
  const file = context.tryGetContext(CONFIG_FILE_CONTEXT_KEY);
  if (typeof file === 'string' && file.length > 0) {
    const path = isAbsolute(file) ? file : resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
      throw new InfraConfigError([`${CONFIG_FILE_CONTEXT_KEY}: cannot read ${path}: ${why}`]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InfraConfigError([
        `${CONFIG_FILE_CONTEXT_KEY}: ${path} is not valid JSON: ${jsonParseError(text, error).message}`,
      ]);
    }
    return parseInfraConfig(parsed, { file: path });
  }
  return parseInfraConfig(context.tryGetContext(CONFIG_CONTEXT_KEY));
}

/**
 * The severities whose fixes nobody may approve while remediation is on: at or above
 * `notifyMinSeverity` (lower findings start no remediation) with an empty approver list. Each such
 * fix asks in Slack, every click is refused, and the request expires: synth warns about it.
 */
export function unapprovableSeverities(config: InfraConfig): Severity[] {
  if (!config.remediation.enabled) return [];
  return SEVERITIES.filter(
    (severity) =>
      atLeast(severity, config.notifyMinSeverity) && config.slack.approvers[severity].length === 0,
  );
}

/**
 * The severities whose one-off findings (root sign-ins, API-call findings, cost anomalies:
 * functions/rulebook/one-off.ts) nobody may acknowledge in Slack, whether remediation is on or off:
 * at or above `notifyMinSeverity` (lower findings are not posted), one-off findings of that severity
 * possible (`oneOffSeverities`), and an empty approver list (the Acknowledge button takes the
 * approvers of the finding's severity). Nothing else closes such a finding: synth warns about it.
 */
export function unacknowledgeableSeverities(config: InfraConfig): Severity[] {
  const possible = oneOffSeverities(config.ruleBook);
  return SEVERITIES.filter(
    (severity) =>
      possible.has(severity) &&
      atLeast(severity, config.notifyMinSeverity) &&
      config.slack.approvers[severity].length === 0,
  );
}

/**
 * The severities the enabled one-off rules give their findings: the rule's severity override, else
 * its default severity, or for a cost rule (whose findings always take their severity from the
 * anomaly's impact) every severity `severityForImpact` gives under the configured thresholds. An activity rule that raises or lowers one case (a root sign-in is critical,
 * a read-only root call high) is counted at its default only: its other severities are in the code,
 * not in the rule's metadata.
 */
export function oneOffSeverities(ruleBook: RuleBookConfig): Set<Severity> {
  const disabled = new Set(ruleBook.disabledRules);
  const severities = new Set<Severity>();
  for (const rule of Object.values(RULES) as AnyRule[]) {
    if (!isOneOffRule(rule) || disabled.has(rule.id)) continue;
    const override = ruleBook.severityOverrides[rule.id];
    if (override !== undefined) {
      severities.add(override);
      continue;
    }
    if (rule.appliesTo.kind === 'cost') {
      const { highImpactUsd, criticalImpactUsd } = ruleBook.costAnomaly;
      for (const impact of [0, highImpactUsd, criticalImpactUsd]) {
        severities.add(severityForImpact(impact, ruleBook));
      }
    } else {
      severities.add(rule.severity);
    }
  }
  return severities;
}

/**
 * The `APPROVERS` environment value of the approval callback: JSON `{ "<severity>": ["U…"] }`, so an
 * approver listed only for `low` cannot approve a `critical` remediation (functions/shared/env.ts).
 */
export function encodeApprovers(config: InfraConfig): string {
  const bySeverity: Record<string, string[]> = {};
  for (const of of SEVERITIES) bySeverity[of] = [...new Set(config.slack.approvers[of as Severity])];
  return JSON.stringify(bySeverity);
}

/**
 * What Scheduler would reject at deploy time in a `cron(...)` / `rate(...)` expression, caught at
 * synth: cron has six fields (minutes hours day-of-month month day-of-week year) with `?` in exactly
 * one of the two day fields; rate is `rate(<n> minute|minutes|hour|hours|day|days)`.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) {
      return `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}: e.g. cron(0 8 ? * MON *)`;
    }
    const [, , dayOfMonth, , dayOfWeek] = fields;
    if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
      return 'cron needs ? in exactly one of day-of-month (3rd field) and day-of-week (5th field): e.g. cron(0 8 ? * MON *)';
    }
    return undefined;
  }
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate && !/^[1-9]\d* (minute|minutes|hour|hours|day|days)$/.test(rate[1]!.trim())) {
    return 'rate must be a positive whole number and a unit (minute(s), hour(s), day(s)): e.g. rate(7 days)';
  }
  return undefined;
}

/** Whether the runtime's ICU knows the IANA time zone (Scheduler takes the same names). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
