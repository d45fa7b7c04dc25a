/**
 * How long a remediation waits for a human decision before it expires: cdk.json
 * `approvalTimeoutSeconds` (infra/config.ts, checked at synth), the same key `npm start` reads as
 * its `--approval-timeout` default, and the `APPROVAL_TIMEOUT_SECONDS` of the Plan function.
 */
export const APPROVAL_TIMEOUT_SECONDS = {
  /** One minute. */
  min: 60,
  /** Seven days. */
  max: 604_800,
  /** One day. */
  default: 86_400,
} as const;
