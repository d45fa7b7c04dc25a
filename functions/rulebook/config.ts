import * as z from '../shared/zod';
import { SEVERITIES } from './model/severity';

/**
 * Settings for configurable rules: one validated object, defaults from the seeds.
 * Rules receive it as an argument (ctx.config) and never read the environment.
 */
const severity = z.enum(SEVERITIES);
const names = () => z.array(z.string().check(z.minLength(1)));
const wholeNumber = (min: number, max?: number) =>
  max === undefined
    ? z.number().check(z.int(), z.gte(min))
    : z.number().check(z.int(), z.gte(min), z.lte(max));

export const ruleBookConfigSchema = z.strictObject({
  tagPolicy: z._default(
    z.strictObject({
      /** Seed 004 "Mandatory Tags (all resources)". ComplianceRequired is checked "if applicable". */
      mandatoryTags: z._default(names(), ['Environment', 'App', 'CostCenter', 'SecurityClassification']),
      environmentValues: z._default(names(), ['dev', 'staging', 'prod']),
      securityClassificationValues: z._default(names(), ['Public', 'Internal', 'Confidential', 'Secret']),
      /** Resource types the tag rules look at; empty means every taggable type. */
      resourceTypes: z._default(z.array(z.string()), []),
    }),
    {
      mandatoryTags: ['Environment', 'App', 'CostCenter', 'SecurityClassification'],
      environmentValues: ['dev', 'staging', 'prod'],
      securityClassificationValues: ['Public', 'Internal', 'Confidential', 'Secret'],
      resourceTypes: [],
    },
  ),
  /** Ports that may be open to the internet on load balancers (seed 001: 80 redirect, 443). */
  allowedPublicPorts: z._default(z.array(wholeNumber(0, 65535)), [80, 443]),
  prod: z._default(
    z.strictObject({
      tagKeys: z._default(names(), ['Environment', 'Env', 'Stage']),
      values: z._default(names(), ['prod', 'production', 'prd']),
      accountIds: z._default(
        z.array(z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit account id'))),
        [],
      ),
    }),
    { tagKeys: ['Environment', 'Env', 'Stage'], values: ['prod', 'production', 'prd'], accountIds: [] },
  ),
  rds: z._default(
    z.strictObject({
      minBackupRetentionDays: z._default(wholeNumber(1, 35), 7),
      prodBackupRetentionDays: z._default(wholeNumber(1, 35), 30),
    }),
    { minBackupRetentionDays: 7, prodBackupRetentionDays: 30 },
  ),
  logs: z._default(z.strictObject({ minRetentionDays: z._default(wholeNumber(1), 30) }), {
    minRetentionDays: 30,
  }),
  costAnomaly: z._default(
    z.strictObject({
      /** Total impact in USD at or above which an anomaly is high / critical. */
      highImpactUsd: z._default(z.number().check(z.gte(0)), 100),
      criticalImpactUsd: z._default(z.number().check(z.gte(0)), 1000),
    }),
    { highImpactUsd: 100, criticalImpactUsd: 1000 },
  ),
  severityOverrides: z._default(z.record(z.string(), severity), {}),
  disabledRules: z._default(z.array(z.string()), []),
});

export type RuleBookConfig = z.infer<typeof ruleBookConfigSchema>;
export type RuleBookConfigInput = z.input<typeof ruleBookConfigSchema>;

export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid rule book configuration: ${issues.join('; ')}`);
    this.issues = issues;
  }
}

/**
 * Validates user configuration; each problem is reported as `path: message`. With `knownRuleIds`,
 * the rule ids named in `disabledRules` and `severityOverrides` must be among them (a typo would
 * otherwise silently disable nothing).
 */
export function parseRuleBookConfig(input: unknown = {}, knownRuleIds?: ReadonlySet<string>): RuleBookConfig {
  const result = ruleBookConfigSchema.safeParse(input ?? {});
  // The rule ids are checked on the input as given, so a misspelled id is reported together with
  // the schema errors, not only once those are fixed.
  const issues = [
    ...(result.success ? [] : result.error.issues.flatMap(describeIssue)),
    ...(knownRuleIds === undefined ? [] : unknownRuleIds(input ?? {}, knownRuleIds)),
  ];
  if (!result.success || issues.length > 0) throw new ConfigValidationError(issues);
  return result.data;
}

/**
 * `path: message`; an unrecognized key is named, with the closest valid key at that level
 * (`disabledRule` -> `disabledRules`), one issue per key.
 */
function describeIssue(issue: {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}): string[] {
  const path = issue.path.map(String).join('.');
  if (issue.code !== 'unrecognized_keys' || !issue.keys) return [`${path || '(root)'}: ${issue.message}`];
  const valid = new Set(Object.keys(defaultsAt(issue.path)));
  return issue.keys.map((key) => {
    const near = closestId(key, valid);
    const where = path ? `${path}.${key}` : key;
    return `${where}: unknown key${near === undefined ? '' : ` (did you mean "${near}"?)`}; valid keys${path ? ` of ${path}` : ''}: ${[...valid].join(', ')}`;
  });
}

/** The default configuration object at `path` (its keys are the valid keys there). */
function defaultsAt(path: readonly PropertyKey[]): Record<string, unknown> {
  let value: unknown = ruleBookConfigSchema.parse({});
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * `path: unknown rule id "x" (did you mean "y"?)` for each id the configuration names that is not
 * known. Reads the input as given (it need not pass the schema): ids that are not strings, and
 * `disabledRules` / `severityOverrides` of the wrong shape, are the schema's to report.
 */
export function unknownRuleIds(config: unknown, known: ReadonlySet<string>): string[] {
  const issues: string[] = [];
  const check = (id: unknown, path: string) => {
    if (typeof id !== 'string' || known.has(id)) return;
    const near = closestId(id, known);
    issues.push(`${path}: unknown rule id "${id}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`);
  };
  if (!isPlainObject(config)) return issues;
  const { disabledRules, severityOverrides } = config;
  if (Array.isArray(disabledRules)) {
    for (const [i, id] of disabledRules.entries()) check(id, `disabledRules.${i}`);
  }
  if (isPlainObject(severityOverrides)) {
    for (const id of Object.keys(severityOverrides)) check(id, `severityOverrides.${id}`);
  }
  return issues;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known id within a few edits of `id` (a third of its length at most), if any. */
export function closestId(id: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(id.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export const DEFAULT_RULE_BOOK_CONFIG: RuleBookConfig = parseRuleBookConfig({});
