import type { RemediationPlan } from '../ports/remediation-executor';
import type { Finding } from '../rulebook/model/finding';

/**
 * Plans a remediation as a dry run: the API calls the fix would make. This branch has no remediation
 * catalog yet, so the plan is a clearly marked placeholder naming the remediation id; the catalog
 * replaces exactly this function (`planRemediation`) with `catalog[id].plan(finding)`.
 */
export type RemediationPlanner = (finding: Finding) => RemediationPlan;

export const planRemediation: RemediationPlanner = (finding) => {
  const remediationId = finding.remediation ?? 'none';
  return {
    remediationId,
    placeholder: true,
    summary: `[placeholder plan] remediation "${remediationId}" for ${finding.resource.type} ${finding.resource.id}: the remediation catalog will supply the real calls`,
    target: {
      accountId: finding.resource.accountId ?? 'unknown',
      region: finding.resource.region ?? 'unknown',
    },
    calls: [
      {
        service: 'Placeholder',
        operation: remediationId,
        input: { resourceType: finding.resource.type, resourceId: finding.resource.id },
        iamAction: 'none:Placeholder',
      },
    ],
  };
};
