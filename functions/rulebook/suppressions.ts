import * as z from '../shared/zod';
import type { Finding } from './model/finding';

/**
 * A suppression hides one rule's findings on matching resources until it expires; then the finding
 * shows again. Suppressions are data (a file, a table), never code.
 */
export const suppressionSchema = z.strictObject({
  /** Rule id, or `*` for every rule. */
  ruleId: z.string().check(z.minLength(1)),
  /** Glob (`*` wildcard) matched against the resource id, ARN and name. */
  resource: z.string().check(z.minLength(1)),
  accountId: z.optional(z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit account id'))),
  reason: z.string().check(z.minLength(3, 'say why the finding is accepted')),
  owner: z.string().check(z.minLength(1)),
  /** ISO date or date-time; the suppression ends at this instant (a date means its start, UTC). */
  expires: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
});

export type Suppression = z.infer<typeof suppressionSchema>;

const suppressionsSchema = z.array(suppressionSchema);

export function parseSuppressions(input: unknown): Suppression[] {
  return suppressionsSchema.parse(input);
}

export function isExpired(suppression: Suppression, now: Date): boolean {
  return new Date(suppression.expires).getTime() <= now.getTime();
}

export function matches(suppression: Suppression, finding: Finding): boolean {
  if (suppression.ruleId !== '*' && suppression.ruleId !== finding.ruleId) return false;
  if (suppression.accountId && suppression.accountId !== finding.resource.accountId) return false;
  const pattern = globToRegExp(suppression.resource);
  const { id, arn, name } = finding.resource;
  return [id, arn, name].some((candidate) => candidate !== undefined && pattern.test(candidate));
}

export interface SuppressionOutcome {
  active: Finding[];
  suppressed: Array<{ finding: Finding; suppression: Suppression }>;
}

/** Splits findings into active and suppressed; an expired suppression hides nothing. */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  now: Date,
): SuppressionOutcome {
  const live = suppressions.filter((s) => !isExpired(s, now));
  const out: SuppressionOutcome = { active: [], suppressed: [] };
  for (const finding of findings) {
    const suppression = live.find((s) => matches(s, finding));
    if (suppression) out.suppressed.push({ finding, suppression });
    else out.active.push(finding);
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
