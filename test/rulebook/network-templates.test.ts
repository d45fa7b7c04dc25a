import { describe, expect, it } from 'vitest';
import { parseRuleBookConfig } from '../../functions/rulebook/config';
import { Inventory } from '../../functions/rulebook/inventory';
import type { ResourceBase } from '../../functions/rulebook/model/resource';
import { normalizeTemplate } from '../../functions/rulebook/normalizers/load-template';
import type { AnyRule, Rule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { templateText } from './network-support';

/** The rules this part of the rule book owns (network and compute). */
const NETWORK_RULES = [
  'apigateway-stage-waf-enabled',
  'autoscaling-group-multi-az',
  'ec2-default-security-group-closed',
  'ec2-instance-current-generation',
  'ec2-instance-graviton',
  'ec2-instance-public-ip-in-public-subnet',
  'ec2-security-group-no-world-ingress',
  'ecs-cluster-container-insights',
  'ecs-service-no-public-ip',
  'ecs-task-definition-no-secrets-in-environment',
  'elbv2-alb-waf-enabled',
  'elbv2-http-listener-redirects-to-https',
  'elbv2-listener-tls12-policy',
  'elbv2-load-balancer-multi-az',
  'vpc-flow-logs-enabled',
  'vpc-nat-gateway-gateway-endpoints',
] as const;

/** Every (rule, resource) evaluation of the network rules over one template file, as the scanner runs them. */
function scan(file: string) {
  const { resources, unsupported } = normalizeTemplate(templateText(file), file);
  const ctx = {
    config: parseRuleBookConfig({}),
    inventory: new Inventory(resources, { complete: true }),
    now: new Date(),
  };
  const results: Array<{ ruleId: string; logicalId: string; status: string; severity?: string }> = [];
  for (const id of NETWORK_RULES) {
    const rule = (RULES as Record<string, AnyRule>)[id] as Rule<ResourceBase>;
    if (rule.appliesTo.kind !== 'resource') continue;
    for (const resource of resources) {
      if (!rule.appliesTo.resourceTypes.includes(resource.type)) continue;
      const result = rule.evaluate(resource, ctx);
      results.push({
        ruleId: id,
        logicalId: resource.id,
        status: result.status,
        ...(result.severity ? { severity: result.severity } : {}),
      });
    }
  }
  return { results, unsupported };
}

const failing = (results: ReturnType<typeof scan>['results']) =>
  results
    .filter((r) => r.status === 'fail')
    .map((r) => `${r.ruleId} ${r.logicalId}`)
    .sort();

describe('network templates (end-to-end through the real normalizers)', () => {
  it('network-insecure.yaml trips every network rule that a template can show', () => {
    const { results } = scan('network-insecure.yaml');
    expect(failing(results)).toEqual(
      [
        'apigateway-stage-waf-enabled OrdersStage',
        'autoscaling-group-multi-az WorkerGroup',
        'ec2-instance-current-generation LegacyHost',
        'ec2-instance-graviton LegacyHost',
        'ec2-instance-public-ip-in-public-subnet LegacyHost',
        'ec2-security-group-no-world-ingress AppSecurityGroup',
        'ecs-cluster-container-insights Cluster',
        'ecs-service-no-public-ip Service',
        'ecs-task-definition-no-secrets-in-environment TaskDefinition',
        'elbv2-alb-waf-enabled LoadBalancer',
        'elbv2-http-listener-redirects-to-https HttpListener',
        'elbv2-listener-tls12-policy HttpsListener',
        'elbv2-load-balancer-multi-az InternalNlb',
        'vpc-flow-logs-enabled Vpc',
        'vpc-nat-gateway-gateway-endpoints NatGateway',
      ].sort(),
    );
    const worldIngress = (id: string) =>
      results.find((r) => r.ruleId === 'ec2-security-group-no-world-ingress' && r.logicalId === id);
    expect(worldIngress('AppSecurityGroup')?.severity).toBe('critical');
    // 80/443 from the world are fine on the ALB's own group.
    expect(worldIngress('AlbSecurityGroup')?.status).toBe('pass');
  });

  it('network-secure.yaml passes every network rule, with no unknowns', () => {
    const { results } = scan('network-secure.yaml');
    const notPassing = results.filter((r) => r.status !== 'pass' && r.status !== 'not-applicable');
    expect(notPassing).toEqual([]);
    // Every rule that a template can judge was exercised at least once.
    const exercised = new Set(results.filter((r) => r.status === 'pass').map((r) => r.ruleId));
    expect([...exercised].sort()).toEqual(
      NETWORK_RULES.filter((id) => id !== 'ec2-default-security-group-closed'),
    );
  });
});
