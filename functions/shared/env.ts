import { z } from 'zod';
import { parseRuleBookConfig, type RuleBookConfig } from '../rulebook/config';
import { SEVERITIES } from '../rulebook/model/severity';

/**
 * Environment of the functions, parsed once per container with clear errors. Each handler reads
 * only the variables its manifest entry lists (`functions/handlers/manifest.ts`).
 */
const envSchema = z.object({
  TABLE_NAME: z.string().min(1).optional(),
  TOPIC_ARN: z.string().startsWith('arn:').optional(),
  SLACK_SECRET_ARN: z.string().startsWith('arn:').optional(),
  SLACK_CHANNEL: z.string().min(1).optional(),
  /**
   * Slack user ids allowed to decide, per severity of the finding: JSON
   * `{"critical":["U1"],"high":["U1","U2"],...}` (what infra sets), or a comma-separated list that
   * applies to every severity.
   */
  APPROVERS: z
    .string()
    .optional()
    .transform((v, ctx): Record<string, string[]> => {
      const text = (v ?? '').trim();
      if (text.startsWith('{')) {
        try {
          const parsed = z
            .partialRecord(z.enum(SEVERITIES), z.array(z.string().min(1)))
            .parse(JSON.parse(text));
          return parsed;
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: `APPROVERS is not a severity -> user ids map: ${(error as Error).message}`,
          });
          return {};
        }
      }
      const all = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return Object.fromEntries(SEVERITIES.map((s) => [s, all]));
    }),
  /** `false` when the deployment has no remediation role: Plan then ends the workflow with `disabled`. */
  REMEDIATION_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  APPROVAL_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(86_400),
  REPORT_BUCKET: z.string().min(3).optional(),
  REPORT_KMS_KEY_ARN: z.string().startsWith('arn:').optional(),
  REMEDIATION_ROLE_NAME: z.string().min(1).optional(),
  REMEDIATION_READ_ROLE_NAME: z.string().min(1).optional(),
  CONFIG_READ_ROLE_NAME: z.string().min(1).optional(),
  RULE_BOOK_CONFIG: z.string().optional(),
  HISTORY_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses `process.env` on first use and caches it for the container's life. */
export function env(source: NodeJS.ProcessEnv = process.env): Env {
  if (source === process.env && cached) return cached;
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** A variable the handler cannot run without. */
export function required<K extends keyof Env>(e: Env, key: K): NonNullable<Env[K]> {
  const value = e[key];
  if (value === undefined || value === null || value === '') {
    throw new Error(`environment variable ${String(key)} is required by this function`);
  }
  return value as NonNullable<Env[K]>;
}

export function ruleBookConfigFrom(e: Env): RuleBookConfig {
  return parseRuleBookConfig(e.RULE_BOOK_CONFIG ? JSON.parse(e.RULE_BOOK_CONFIG) : {});
}
