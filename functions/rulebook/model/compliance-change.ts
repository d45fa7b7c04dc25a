/**
 * An AWS Config rule's verdict changed ("Config Rules Compliance Change"). Config already judged
 * the resource; the rule book maps the Config rule to its own rule (via `references.configRules`)
 * so the finding carries the same pillar, text and remediation as the bot's own checks.
 */
export interface ComplianceChange {
  kind: 'compliance-change';
  configRuleName: string;
  configRuleArn?: string;
  resourceType: string;
  resourceId: string;
  accountId: string;
  region: string;
  /** COMPLIANT | NON_COMPLIANT | NOT_APPLICABLE | INSUFFICIENT_DATA */
  complianceType: string;
  previousComplianceType?: string;
  annotation?: string;
  recordedAt?: string;
}
