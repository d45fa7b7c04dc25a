import { fail, pass, unknown } from '../../model/evaluation';
import type { EcsCluster } from '../../model/resources/ecs-cluster';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ecs-cluster-container-insights',
  title: 'ECS clusters have Container Insights turned on',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ECS::Cluster'] },
  source: { seed: '001', section: 'ECS/Fargate / ECS Cluster (setting containerInsights = enabled)' },
  rationale:
    'Without Container Insights there are no per-task CPU, memory and network metrics, so a crash loop or a ' +
    'memory leak is found by users instead of alarms.',
  recommendation: 'Set the cluster setting containerInsights to enabled (or enhanced).',
  expectedImpact: 'Task- and service-level metrics and dashboards for alarms and troubleshooting.',
  references: { securityHub: ['ECS.12'], configRules: ['ECS_CONTAINER_INSIGHTS_ENABLED'] },
  evaluate(cluster: EcsCluster) {
    const value = cluster.containerInsights;
    if (value instanceof Unknown)
      return unknown('The containerInsights setting is set at deploy time', value);
    if (value === undefined) {
      return unknown(
        'containerInsights is not set on the cluster; the account default decides (off unless changed)',
      );
    }
    if (value === 'enabled' || value === 'enhanced') return pass(`Container Insights is ${value}`);
    return fail(`Container Insights is ${value}`, { containerInsights: value });
  },
});
