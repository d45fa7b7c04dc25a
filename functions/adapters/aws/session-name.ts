/**
 * The prefix of every role session the bot opens in a member account. The member roles' trust
 * policies require it (`sts:RoleSessionName` like `compliance-bot-*`, infra/stacks/member-stack.ts),
 * so a session that does not name itself as the bot's cannot be opened, and CloudTrail in the
 * member account always shows which sessions were the bot's. No AWS SDK import: infra reads it.
 */
export const SESSION_NAME_PREFIX = 'compliance-bot-';

/**
 * The remediation session's name: the prefix and the approval id (CloudTrail in the member account
 * then shows which approval made a change), within STS's 64 characters of `[\w+=,.@-]`.
 */
export function sessionName(approvalId: string | undefined): string {
  const safe = (approvalId ?? 'manual').replace(/[^\w+=,.@-]/g, '-');
  return `${SESSION_NAME_PREFIX}${safe}`.slice(0, 64);
}
