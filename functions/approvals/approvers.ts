import { SEVERITIES, type Severity } from '../rulebook/model/severity';
import * as z from '../shared/zod';

/**
 * Who may approve a fix, by Slack user id: per severity, optionally overridden per account (an
 * account entry replaces the severity lists for that account: its owners decide). Fails closed: no
 * list means nobody may approve.
 */
const userIds = z.array(z.string().check(z.regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U…/W…)')));
const bySeverity = z.partialRecord(z.enum(SEVERITIES), userIds);

export const approverConfigSchema = z.strictObject({
  /** Approvers for every severity without its own list. */
  default: z._default(userIds, []),
  bySeverity: z._default(bySeverity, {}),
  byAccount: z._default(
    z.record(
      z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit account id')),
      z.union([userIds, bySeverity]),
    ),
    {},
  ),
});

export type ApproverConfig = z.infer<typeof approverConfigSchema>;
export type ApproverConfigInput = z.input<typeof approverConfigSchema>;

export function parseApproverConfig(input: unknown): ApproverConfig {
  return approverConfigSchema.parse(input);
}

export function approversFor(
  config: ApproverConfig,
  severity: string,
  accountId?: string,
): readonly string[] {
  const sev = (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : undefined;
  const account = accountId ? config.byAccount[accountId] : undefined;
  if (account) {
    if (Array.isArray(account)) return account;
    return (sev && account[sev]) ?? [];
  }
  return (sev && config.bySeverity[sev]) ?? config.default;
}

export function mayApprove(
  config: ApproverConfig,
  userId: string,
  severity: string,
  accountId?: string,
): boolean {
  return approversFor(config, severity, accountId).includes(userId);
}
