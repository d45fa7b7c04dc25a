import { describeCause, severityForImpact, usd } from '../../cost-rule-support';
import type { CostAnomaly } from '../../model/cost-anomaly';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cost-anomaly-detected',
  title: 'Cost anomalies are investigated',
  pillar: 'cost-optimization',
  severity: 'medium',
  maxSeverity: 'critical',
  appliesTo: { kind: 'cost' },
  source: { seed: '004', section: 'Cost Optimization Rules / Rule 1: Enable AWS Cost Anomaly Detection' },
  rationale:
    'Cost Anomaly Detection flagged spend well above the expected pattern. Caught within days, a misrouted NAT ' +
    'gateway or a forgotten resource costs a little; found at month-end, it costs a lot.',
  recommendation:
    'Open the anomaly in Cost Explorer, filter by the service, usage type, Region and account of the root cause, ' +
    'and either fix the misconfiguration, terminate what should not run, or record the spend as planned ' +
    '(anomaly feedback "PLANNED_ACTIVITY").',
  expectedImpact: 'Unexpected spend is stopped within days instead of at the end of the billing month.',
  evaluate(anomaly: CostAnomaly, ctx) {
    const impact = anomaly.totalImpact;
    const severity = severityForImpact(impact, ctx.config);
    const causes = [...anomaly.rootCauses].sort((a, b) => (b.contribution ?? 0) - (a.contribution ?? 0));
    const top = causes[0];
    const percent =
      anomaly.totalImpactPercentage !== undefined ? ` (+${anomaly.totalImpactPercentage.toFixed(0)}%)` : '';
    const spend =
      anomaly.totalActualSpend !== undefined && anomaly.totalExpectedSpend !== undefined
        ? `: ${usd(anomaly.totalActualSpend)} spent against ${usd(anomaly.totalExpectedSpend)} expected`
        : '';
    const period = anomaly.startDate ? ` since ${anomaly.startDate.slice(0, 10)}` : '';
    const cause = top
      ? `, mostly ${describeCause(top)}`
      : anomaly.dimensionValue
        ? ` in ${anomaly.dimensionValue}`
        : '';
    const more = causes.length > 1 ? ` and ${causes.length - 1} more root cause(s)` : '';
    return fail(
      `Cost anomaly of ${usd(impact)}${percent}${period}${cause}${more}${spend}`,
      {
        anomalyId: anomaly.anomalyId,
        totalImpactUsd: impact,
        totalImpactPercentage: anomaly.totalImpactPercentage ?? null,
        totalActualSpendUsd: anomaly.totalActualSpend ?? null,
        totalExpectedSpendUsd: anomaly.totalExpectedSpend ?? null,
        monitorArn: anomaly.monitorArn,
        monitorName: anomaly.monitorName ?? null,
        dimensionValue: anomaly.dimensionValue ?? null,
        startDate: anomaly.startDate ?? null,
        endDate: anomaly.endDate ?? null,
        rootCauses: causes.map((c) => ({ ...c })),
        detailsLink: anomaly.detailsLink ?? null,
      },
      { severity },
    );
  },
});
