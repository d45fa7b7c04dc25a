import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/operational-excellence/ecs-cluster-container-insights';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('ecs-cluster-container-insights', () => {
  const values = [
    { value: 'disabled', status: 'fail' },
    { value: 'enabled', status: 'pass' },
    { value: 'enhanced', status: 'pass' },
  ] as const;
  it.each(values)('Config item with containerInsights=$value -> $status', ({ value, status }) => {
    const item = networkItem('config-ci-ecs-cluster.json');
    item.configuration.ClusterSettings = [{ Name: 'containerInsights', Value: value }];
    expect(runOnConfigItem(rule, item).status).toBe(status);
  });

  const cases = [
    {
      name: 'enabled',
      props: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] },
      status: 'pass',
    },
    {
      name: 'disabled',
      props: { ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }] },
      status: 'fail',
    },
    { name: 'not set (account default)', props: {}, status: 'unknown' },
    {
      name: 'value from a parameter',
      props: { ClusterSettings: [{ Name: 'containerInsights', Value: { Ref: 'Insights' } }] },
      status: 'unknown',
    },
  ] as const;
  it.each(cases)('CloudFormation $name -> $status', ({ props, status }) => {
    const template = {
      Parameters: { Insights: { Type: 'String' } },
      Resources: { Cluster: { Type: 'AWS::ECS::Cluster', Properties: props } },
    };
    expect(runOnTemplate(rule, template, 'Cluster').status).toBe(status);
  });
});
