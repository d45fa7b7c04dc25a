import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { Elbv2Listener } from '../../model/resources/elbv2-listener';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * ELB security policies that still negotiate TLS 1.0 or 1.1 ("Security policies for your Application
 * Load Balancer" / "... Network Load Balancer", Elastic Load Balancing User Guide; names as in the
 * aws-cdk-lib `SslPolicy` enum). ELBSecurityPolicy-2016-08 is the default for listeners created by
 * CloudFormation, the CLI and the CDK.
 */
export const POLICIES_BELOW_TLS12: ReadonlySet<string> = new Set([
  'ELBSecurityPolicy-2016-08',
  'ELBSecurityPolicy-2015-05',
  'ELBSecurityPolicy-TLS-1-0-2015-04',
  'ELBSecurityPolicy-TLS-1-1-2017-01',
  'ELBSecurityPolicy-FS-2018-06',
  'ELBSecurityPolicy-FS-1-1-2019-08',
  'ELBSecurityPolicy-TLS13-1-0-2021-06',
  'ELBSecurityPolicy-TLS13-1-1-2021-06',
  'ELBSecurityPolicy-TLS13-1-0-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09',
]);

/** Families whose minimum protocol is TLS 1.2 or 1.3 (TLS13-1-2-*, TLS13-1-3-*, TLS-1-2-*, FS-1-2-*). */
const TLS12_OR_LATER = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

export default defineRule({
  id: 'elbv2-listener-tls12-policy',
  title: 'HTTPS and TLS listeners use a security policy with TLS 1.2 or later',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'] },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (encrypt data in transit, TLS 1.2+)',
  },
  rationale:
    'TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow weak ciphers. A listener created by CloudFormation ' +
    'without SslPolicy gets ELBSecurityPolicy-2016-08, which still accepts TLS 1.0.',
  recommendation:
    'Set SslPolicy to ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (or another TLS13-1-2/TLS13-1-3 policy; ' +
    'the FIPS and PQ variants for those requirements).',
  expectedImpact: 'Clients can only negotiate TLS 1.2 or 1.3 with strong ciphers.',
  references: { securityHub: ['ELB.17'] },
  evaluate(listener: Elbv2Listener) {
    const protocol = listener.protocol;
    if (protocol instanceof Unknown) return unknown('The listener protocol is set at deploy time', protocol);
    if (protocol !== 'HTTPS' && protocol !== 'TLS')
      return notApplicable(`No TLS on a ${protocol ?? 'plain'} listener`);
    const policy = listener.sslPolicy;
    if (policy instanceof Unknown) return unknown('The security policy is set at deploy time', policy);
    if (policy === undefined) return unknown('The listener records no security policy');
    const implicit = listener.sslPolicyIsDefault ? ' (the default when SslPolicy is omitted)' : '';
    if (POLICIES_BELOW_TLS12.has(policy)) {
      return fail(`${policy}${implicit} still accepts TLS versions below 1.2`, {
        sslPolicy: policy,
        defaulted: listener.sslPolicyIsDefault === true,
        port: listener.port,
      });
    }
    if (TLS12_OR_LATER.test(policy)) return pass(`${policy} requires TLS 1.2 or later`);
    return unknown(`${policy} is not a security policy this rule knows; check its minimum TLS version`);
  },
});
