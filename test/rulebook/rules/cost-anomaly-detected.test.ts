import { describe, expect, it } from 'vitest';
import { evaluateSubject, RuleBook, toFinding } from '../../../functions/rulebook/engine';
import { classifyInput } from '../../../functions/rulebook/normalizers/events/classify';
import rule from '../../../functions/rulebook/rules/cost-optimization/cost-anomaly-detected';
import { anomalyFrom } from '../../support/activity-harness';
import { fixture, runOnCost } from '../../support/rule-harness';

const FIXTURE = 'events/ce-anomaly-detected.json';

describe('cost-anomaly-detected', () => {
  it('names the main root cause and the dollar impact (total and %)', () => {
    const result = runOnCost(rule, anomalyFrom(FIXTURE));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Cost anomaly of $471.63 (+359%) since 2025-06-08, mostly EC2 - Other / EU-NatGateway-Bytes in eu-west-1, ' +
        'account acme-prod-workloads (111122223333), $412.37 and 1 more root cause(s): $603.18 spent against $131.55 expected',
    );
    expect(result.evidence?.rootCauses).toHaveLength(2);
    expect(result.evidence).toMatchObject({ totalImpactUsd: 471.63, totalImpactPercentage: 358.52 });
  });

  it.each<[number, string]>([
    [50, 'medium'],
    [100, 'high'],
    [471.63, 'high'],
    [1000, 'critical'],
  ])('an impact of $%d is %s with the default thresholds', (impact, severity) => {
    const anomaly = anomalyFrom(FIXTURE, (d) => {
      (d.impact as Record<string, unknown>).totalImpact = impact;
    });
    expect(runOnCost(rule, anomaly).severity).toBe(severity);
  });

  it('thresholds come from config.costAnomaly', () => {
    const anomaly = anomalyFrom(FIXTURE);
    const config = { costAnomaly: { highImpactUsd: 500, criticalImpactUsd: 5000 } };
    expect(runOnCost(rule, anomaly, { config }).severity).toBe('medium');
    expect(
      runOnCost(rule, anomaly, { config: { costAnomaly: { highImpactUsd: 10, criticalImpactUsd: 400 } } })
        .severity,
    ).toBe('critical');
  });

  it('without root causes the message falls back to the monitored dimension', () => {
    const anomaly = anomalyFrom(FIXTURE, (d) => {
      d.rootCauses = [];
    });
    expect(runOnCost(rule, anomaly).message).toMatch(
      /^Cost anomaly of \$471\.63 \(\+359%\) since 2025-06-08 in EC2 - Other:/,
    );
  });

  it('the SNS form gives the same finding as the EventBridge form (same id, same message)', () => {
    const book = new RuleBook([rule]);
    const [sns] = classifyInput(fixture('events/ce-anomaly-sns-lambda-event.json'));
    if (sns?.kind !== 'cost-anomaly') throw new Error('not an anomaly');
    const viaSns = toFinding(evaluateSubject(sns.anomaly, book)[0]!, book);
    const viaEventBridge = toFinding(evaluateSubject(anomalyFrom(FIXTURE), book)[0]!, book);
    expect(viaSns?.id).toBe(viaEventBridge?.id);
    expect(viaSns?.message).toBe(viaEventBridge?.message);
    expect(viaSns).toMatchObject({
      pillar: 'cost-optimization',
      source: 'cost',
      resource: { type: 'AWS::CE::Anomaly', id: '8f2a6c1e-4b3d-4a9e-9c7f-5e1d2b3a4c6f' },
      observedAt: '2025-06-10T00:00:00Z',
    });
  });
});
