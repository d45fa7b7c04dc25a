import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { Elbv2LoadBalancer } from '../../model/resources/elbv2-load-balancer';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'elbv2-alb-waf-enabled',
  title: 'Internet-facing Application Load Balancers are protected by AWS WAF',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] },
  source: {
    seed: '000',
    section: 'Security References / 3. Network Security (Add WAF/Shield for public-facing endpoints)',
  },
  rationale:
    'A public ALB passes every request to the application. A WAF web ACL with the AWS managed rule groups ' +
    'blocks common exploits (SQL injection, known bad inputs, IP reputation) and allows rate limiting.',
  recommendation:
    'Associate an AWS WAFv2 web ACL (AWS::WAFv2::WebACLAssociation) with the load balancer, starting with ' +
    'AWSManagedRulesCommonRuleSet, KnownBadInputs and a rate-based rule.',
  expectedImpact: 'Common web attacks are blocked before they reach the application.',
  references: { securityHub: ['ELB.16'], configRules: ['ALB_WAF_ENABLED'] },
  evaluate(lb: Elbv2LoadBalancer) {
    if (lb.lbType instanceof Unknown)
      return unknown('The load balancer type is set at deploy time', lb.lbType);
    if (lb.lbType !== 'application')
      return notApplicable(`WAF does not attach to ${lb.lbType} load balancers`);
    if (lb.scheme instanceof Unknown) return unknown('The scheme is set at deploy time', lb.scheme);
    if (lb.scheme !== 'internet-facing') return notApplicable('Internal load balancer');
    if (lb.wafWebAcl === undefined) {
      return unknown(
        'The Config item of a load balancer does not show a WAF association; check it with wafv2 get-web-acl-for-resource',
      );
    }
    if (lb.wafWebAcl instanceof Unknown) return unknown('The WAF association is not known', lb.wafWebAcl);
    if (lb.wafWebAcl) return pass('A WAF web ACL is associated');
    return fail('The internet-facing ALB has no WAF web ACL association');
  },
});
