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

/** Validates user configuration; each problem is reported as `path: message`. */
export function parseRuleBookConfig(input: unknown = {}): RuleBookConfig {
  const result = ruleBookConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigValidationError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

export const DEFAULT_RULE_BOOK_CONFIG: RuleBookConfig = parseRuleBookConfig({});
