import { z } from 'zod';
import { SEVERITIES } from './model/severity';

/**
 * Settings for configurable rules: one validated object, defaults from the seeds.
 * Rules receive it as an argument (ctx.config) and never read the environment.
 */
const severity = z.enum(SEVERITIES);

export const ruleBookConfigSchema = z
  .object({
    tagPolicy: z
      .object({
        /** Seed 004 "Mandatory Tags (all resources)". ComplianceRequired is checked "if applicable". */
        mandatoryTags: z
          .array(z.string().min(1))
          .default(['Environment', 'App', 'CostCenter', 'SecurityClassification']),
        environmentValues: z.array(z.string().min(1)).default(['dev', 'staging', 'prod']),
        securityClassificationValues: z
          .array(z.string().min(1))
          .default(['Public', 'Internal', 'Confidential', 'Secret']),
        /** Resource types the tag rules look at; empty means every taggable type. */
        resourceTypes: z.array(z.string()).default([]),
      })
      .strict()
      .default({
        mandatoryTags: ['Environment', 'App', 'CostCenter', 'SecurityClassification'],
        environmentValues: ['dev', 'staging', 'prod'],
        securityClassificationValues: ['Public', 'Internal', 'Confidential', 'Secret'],
        resourceTypes: [],
      }),
    /** Ports that may be open to the internet on load balancers (seed 001: 80 redirect, 443). */
    allowedPublicPorts: z.array(z.number().int().min(0).max(65535)).default([80, 443]),
    prod: z
      .object({
        tagKeys: z.array(z.string().min(1)).default(['Environment', 'Env', 'Stage']),
        values: z.array(z.string().min(1)).default(['prod', 'production', 'prd']),
        accountIds: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit account id')).default([]),
      })
      .strict()
      .default({
        tagKeys: ['Environment', 'Env', 'Stage'],
        values: ['prod', 'production', 'prd'],
        accountIds: [],
      }),
    rds: z
      .object({
        minBackupRetentionDays: z.number().int().min(1).max(35).default(7),
        prodBackupRetentionDays: z.number().int().min(1).max(35).default(30),
      })
      .strict()
      .default({ minBackupRetentionDays: 7, prodBackupRetentionDays: 30 }),
    logs: z
      .object({ minRetentionDays: z.number().int().min(1).default(30) })
      .strict()
      .default({ minRetentionDays: 30 }),
    costAnomaly: z
      .object({
        /** Total impact in USD at or above which an anomaly is high / critical. */
        highImpactUsd: z.number().min(0).default(100),
        criticalImpactUsd: z.number().min(0).default(1000),
      })
      .strict()
      .default({ highImpactUsd: 100, criticalImpactUsd: 1000 }),
    severityOverrides: z.record(z.string(), severity).default({}),
    disabledRules: z.array(z.string()).default([]),
  })
  .strict();

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
