import { DEFAULT_NOTIFY_MIN_SEVERITY } from '../notifications/min-severity';
import { parseRuleBookConfig, type RuleBookConfig } from '../rulebook/config';
import { SEVERITIES } from '../rulebook/model/severity';
import * as z from './zod';

/**
 * Environment of the functions, parsed once per container with clear errors. Each handler reads
 * only the variables its manifest entry lists (`functions/handlers/manifest.ts`).
 */
const nonEmpty = () => z.optional(z.string().check(z.minLength(1)));
const arn = () => z.optional(z.string().check(z.startsWith('arn:')));
const approversMap = z.partialRecord(z.enum(SEVERITIES), z.array(z.string().check(z.minLength(1))));
const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

const envSchema = z.object({
  TABLE_NAME: nonEmpty(),
  TOPIC_ARN: arn(),
  SLACK_BOT_TOKEN_SECRET_ARN: arn(),
  SLACK_SIGNING_SECRET_ARN: arn(),
  SLACK_CHANNEL: nonEmpty(),
  /**
   * Slack user ids allowed to decide, per severity of the finding: JSON
   * `{"critical":["U1"],"high":["U1","U2"],...}` (what infra sets), or a comma-separated list that
   * applies to every severity.
   */
  APPROVERS: z.pipe(
    z.optional(z.string()),
    z.transform((v, ctx): Record<string, string[]> => {
      const text = (v ?? '').trim();
      if (text.startsWith('{')) {
        try {
          return approversMap.parse(JSON.parse(text));
        } catch (error) {
          ctx.issues.push({
            code: 'custom',
            message: `APPROVERS is not a severity -> user ids map: ${(error as Error).message}`,
            input: v,
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
  ),
  /** `false` when the deployment has no remediation role: Plan then ends the workflow with `disabled`. */
  REMEDIATION_ENABLED: z.pipe(
    z._default(z.enum(['true', 'false']), 'true'),
    z.transform((v) => v === 'true'),
  ),
  APPROVAL_TIMEOUT_SECONDS: wholeNumber(60, 31_536_000, 86_400),
  /** Findings below this severity are recorded, not notified (cdk.json `notifyMinSeverity`). */
  NOTIFY_MIN_SEVERITY: z._default(
    z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
    DEFAULT_NOTIFY_MIN_SEVERITY,
  ),
  REPORT_BUCKET: z.optional(z.string().check(z.minLength(3))),
  REPORT_KMS_KEY_ARN: arn(),
  REMEDIATION_ROLE_NAME: nonEmpty(),
  REMEDIATION_READ_ROLE_NAME: nonEmpty(),
  CONFIG_READ_ROLE_NAME: nonEmpty(),
  RULE_BOOK_CONFIG: z.optional(z.string()),
  HISTORY_TTL_DAYS: wholeNumber(1, 3650, 400),
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
