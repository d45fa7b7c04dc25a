import type { ComplianceChange } from '../../model/compliance-change';
import { fail, notApplicable, pass } from '../../model/evaluation';
import { defineRule } from '../../rule';

/**
 * The catch-all for AWS Config rule verdicts that no rule of the book claims through
 * `references.configRules` (custom rules, managed rules the book has no check for). Config already
 * judged the resource; this rule carries its verdict with complete metadata. See `compliance.ts`.
 */
export default defineRule({
  id: 'config-rule-non-compliant',
  title: "Resources comply with the account's AWS Config rules",
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'config-rule' },
  source: {
    seed: '000',
    section: 'Security References / 4. Monitoring & Logging (Enable Config Rules for compliance enforcement)',
  },
  rationale:
    "The account's own AWS Config rules encode the controls the organization chose to enforce; a NON_COMPLIANT " +
    'verdict is a control gap and, for SOC 2, audit evidence of one.',
  recommendation:
    "Read the Config rule's annotation and description, fix the resource (or its template) so the rule reports " +
    'COMPLIANT, or record an exception with an expiry date.',
  expectedImpact:
    'Every control the organization enforces with AWS Config is visible and tracked to closure here.',
  evaluate(change: ComplianceChange) {
    const subject = `${change.resourceType} ${change.resourceId}`;
    if (change.complianceType === 'NON_COMPLIANT') {
      return fail(
        change.annotation
          ? `AWS Config rule ${change.configRuleName}: ${change.annotation}`
          : `AWS Config rule ${change.configRuleName} reports ${subject} as NON_COMPLIANT`,
        {
          configRuleName: change.configRuleName,
          configRuleArn: change.configRuleArn ?? null,
          complianceType: change.complianceType,
          previousComplianceType: change.previousComplianceType ?? null,
          annotation: change.annotation ?? null,
        },
      );
    }
    if (change.complianceType === 'COMPLIANT') {
      return pass(`AWS Config rule ${change.configRuleName} reports ${subject} as COMPLIANT`);
    }
    return notApplicable(
      `AWS Config rule ${change.configRuleName} reports ${change.complianceType} for ${subject}`,
    );
  },
});
