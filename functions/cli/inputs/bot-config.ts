import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { APPROVAL_TIMEOUT_SECONDS } from '../../approvals/timeout';
import {
  ConfigValidationError,
  DEFAULT_RULE_BOOK_CONFIG,
  parseRuleBookConfig,
  type RuleBookConfig,
  ruleBookConfigSchema,
} from '../../rulebook/config';
import { SEVERITIES, type Severity } from '../../rulebook/model/severity';
import * as z from '../../shared/zod';
import { InputError } from '../errors';
import { readConfigFile, ruleBookConfigOf } from './config-file';
import { displayPath, readText } from './read';

/** The cdk.json context keys synth reads the configuration from (infra/config.ts). */
export const CONFIG_CONTEXT_KEY = 'complianceBot';
export const CONFIG_FILE_CONTEXT_KEY = 'complianceBotConfigFile';

/**
 * The top-level keys of the deployment configuration (infra/config.ts `infraConfigSchema`, classic
 * zod, synth time only; test/local/start-config.test.ts keeps the two lists equal). A key not among
 * them is refused here as at synth.
 */
export const BOT_CONFIG_KEYS: readonly string[] = [
  'slack',
  'notifyMinSeverity',
  'regions',
  'organization',
  'reportSchedule',
  'approvalTimeoutSeconds',
  'remediation',
  'historyRetentionDays',
  'logRetentionDays',
  'triageLogLevel',
  'tags',
  'ruleBook',
];

const RULE_BOOK_KEYS = new Set(Object.keys(ruleBookConfigSchema.shape));

/** What `npm start` takes from the deployed bot's configuration, and where it came from. */
export interface BotSettings {
  /** Where the settings were read, as the run's header shows it; undefined: none, built-in defaults. */
  source?: string;
  /** `notifyMinSeverity` when the configuration sets it. */
  notifyMinSeverity?: Severity;
  /** `approvalTimeoutSeconds` when the configuration sets it. */
  approvalTimeoutSeconds?: number;
  /** `remediation.enabled` when the configuration sets it (false: no remediation role is deployed). */
  remediationEnabled?: boolean;
  /** The rule book settings (tag policy, rule overrides, disabled rules...), defaults filled in. */
  ruleBook: RuleBookConfig;
}

/**
 * The settings the deployed bot would use: from `file` (`--config`) when given, else from
 * `cdk.json` in `cwd` when there is one, else the defaults. `file` may be a cdk.json, the JSON or YAML
 * object its `complianceBot` key holds (the file `complianceBotConfigFile` names), or a rule book
 * configuration as `scan --config` takes. Each bad key is named in the error, as synth names it
 * (`complianceBot.ruleBook.disabledRules.0: unknown rule id ...`); rule ids are checked against
 * `ruleIds`.
 */
export function loadBotSettings(opts: {
  cwd: string;
  file?: string;
  ruleIds: ReadonlySet<string>;
}): BotSettings {
  const { cwd, ruleIds } = opts;
  if (opts.file === undefined) {
    const path = resolve(cwd, 'cdk.json');
    if (!existsSync(path)) return { ruleBook: DEFAULT_RULE_BOOK_CONFIG };
    return fromCdkJson(readConfigFile(path, 'cdk.json'), 'cdk.json', path, cwd, ruleIds);
  }
  const display = displayPath(opts.file, cwd);
  const body = readConfigFile(resolve(cwd, opts.file), display);
  if (isObject(body) && 'context' in body)
    return fromCdkJson(body, display, resolve(cwd, opts.file), cwd, ruleIds);
  if (isObject(body) && Object.keys(body).length > 0 && Object.keys(body).every((k) => RULE_BOOK_KEYS.has(k)))
    return { source: `${display} (rule book)`, ruleBook: ruleBookConfigOf(body, display, ruleIds) };
  return fromBotConfig(body, display, display, ruleIds);
}

function fromCdkJson(
  body: unknown,
  display: string,
  cdkJsonPath: string,
  cwd: string,
  ruleIds: ReadonlySet<string>,
): BotSettings {
  const context = isObject(body) && isObject(body.context) ? body.context : {};
  const named = context[CONFIG_FILE_CONTEXT_KEY];
  if (typeof named === 'string' && named.length > 0) {
    // Relative to the folder of the cdk.json that names it, where synth runs.
    const path = isAbsolute(named) ? named : resolve(dirname(cdkJsonPath), named);
    const shown = displayPath(path, cwd);
    const text = readText(path, shown);
    let parsed: unknown;
    try {
      // JSON only, as synth reads it.
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        shown,
        `not valid JSON (named by ${CONFIG_FILE_CONTEXT_KEY} in ${display}): ${(error as Error).message}`,
      );
    }
    return fromBotConfig(parsed, shown, `${display} → ${shown}`, ruleIds);
  }
  if (context[CONFIG_CONTEXT_KEY] === undefined)
    return {
      source: `none (${display} has no context.${CONFIG_CONTEXT_KEY}: built-in defaults)`,
      ruleBook: DEFAULT_RULE_BOOK_CONFIG,
    };
  return fromBotConfig(
    context[CONFIG_CONTEXT_KEY],
    display,
    `${display} (context.${CONFIG_CONTEXT_KEY})`,
    ruleIds,
  );
}

/** The keys `npm start` applies, checked as `infraConfigSchema` checks them (the same messages). */
const botSettingsSchema = z.object({
  notifyMinSeverity: z.optional(z.enum(SEVERITIES)),
  approvalTimeoutSeconds: z.optional(
    z.number().check(z.int(), z.gte(APPROVAL_TIMEOUT_SECONDS.min), z.lte(APPROVAL_TIMEOUT_SECONDS.max)),
  ),
  remediation: z.optional(z.strictObject({ enabled: z.optional(z.boolean()) })),
});

/**
 * The `complianceBot` object: the keys `npm start` applies (notifyMinSeverity, approvalTimeoutSeconds,
 * remediation.enabled, ruleBook) validated, unknown keys refused, as at synth.
 */
function fromBotConfig(
  body: unknown,
  file: string,
  source: string,
  ruleIds: ReadonlySet<string>,
): BotSettings {
  const issues: string[] = [];
  const input = body ?? {};
  const parsed = botSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = [CONFIG_CONTEXT_KEY, ...issue.path.map(String)];
      // Worded as synth words it (infra/config.ts parseInfraConfig): one line per unknown key.
      if (issue.code === 'unrecognized_keys')
        for (const key of issue.keys)
          issues.push(`${[...at, key].join('.')}: unknown key (check the spelling)`);
      else issues.push(`${at.join('.')}: ${issue.message}`);
    }
  }
  if (isObject(input)) {
    for (const key of Object.keys(input))
      if (!BOT_CONFIG_KEYS.includes(key))
        issues.push(`${CONFIG_CONTEXT_KEY}.${key}: unknown key (check the spelling)`);
  }
  let ruleBook: RuleBookConfig | undefined;
  try {
    ruleBook = parseRuleBookConfig((isObject(input) ? input.ruleBook : undefined) ?? {}, ruleIds);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    for (const issue of error.issues) issues.push(`${CONFIG_CONTEXT_KEY}.ruleBook.${issue}`);
  }
  if (issues.length > 0 || !ruleBook || !parsed.success)
    throw new InputError(file, `invalid configuration: ${issues.join('; ')}`);
  const { notifyMinSeverity, approvalTimeoutSeconds, remediation } = parsed.data;
  return {
    source,
    ...(notifyMinSeverity ? { notifyMinSeverity } : {}),
    ...(approvalTimeoutSeconds !== undefined ? { approvalTimeoutSeconds } : {}),
    ...(remediation?.enabled !== undefined ? { remediationEnabled: remediation.enabled } : {}),
    ruleBook,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
