import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { Elbv2Listener } from '../../model/resources/elbv2-listener';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'elbv2-http-listener-redirects-to-https',
  title: 'HTTP listeners redirect to HTTPS',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'] },
  source: { seed: '001', section: 'Security Groups / ALB Security Group ("HTTP (redirect to HTTPS)")' },
  rationale:
    'Seed 001 opens port 80 on the load balancer only to redirect to HTTPS, and seed 000 asks for all data ' +
    'in transit to be encrypted (TLS 1.2+). A listener that forwards plain HTTP serves sessions and ' +
    'credentials in clear text.',
  recommendation:
    'Make the HTTP listener default action a redirect with Protocol HTTPS, Port 443 and StatusCode HTTP_301, ' +
    'and serve the application on an HTTPS listener.',
  expectedImpact: 'Every request reaches the application over TLS.',
  references: { securityHub: ['ELB.1'], configRules: ['ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK'] },
  evaluate(listener: Elbv2Listener) {
    if (listener.protocol instanceof Unknown)
      return unknown('The listener protocol is set at deploy time', listener.protocol);
    if (listener.protocol !== 'HTTP')
      return notApplicable(`Not an HTTP listener (${listener.protocol ?? 'no protocol'})`);
    const actions = listener.defaultActions;
    if (actions instanceof Unknown) return unknown('The default actions cannot be read', actions);
    const redirects = actions.filter((a) => a.type === 'redirect');
    if (redirects.some((a) => a.redirectProtocol === 'HTTPS'))
      return pass('HTTP requests are redirected to HTTPS');
    const hidden = redirects.find((a) => a.redirectProtocol instanceof Unknown)?.redirectProtocol;
    if (hidden instanceof Unknown) return unknown('The redirect protocol is set at deploy time', hidden);
    const typeHidden = actions.find((a) => a.type instanceof Unknown)?.type;
    if (typeHidden instanceof Unknown)
      return unknown('The default action type is set at deploy time', typeHidden);
    return fail(`HTTP listener on port ${listener.port ?? '?'} serves traffic without redirecting to HTTPS`, {
      port: listener.port,
      defaultActions: actions.map((a) => a.type),
      loadBalancer: listener.loadBalancer,
    });
  },
});
