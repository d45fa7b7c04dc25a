import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ec2-security-group-opened-to-world';
import { activityFrom } from '../../support/activity-harness';
import { runOnActivity } from '../../support/rule-harness';

const CONSOLE = 'events/cloudtrail-authorizesecuritygroupingress.json';
const CLI = 'activity/cloudtrail-authorizesecuritygroupingress-cli-3389.json';
type Detail = Record<string, unknown>;

const ruleItem = (extra: Detail) => ({
  groupOwnerId: '111122223333',
  groupId: 'sg-0a1b2c3d4e5f60718',
  securityGroupRuleId: 'sgr-0000000000000000a',
  isEgress: false,
  ipProtocol: 'tcp',
  ...extra,
});
const withRuleSet = (items: Detail[]) =>
  activityFrom(CONSOLE, (d) => {
    (d.responseElements as Detail).securityGroupRuleSet = { items };
  });

describe('ec2-security-group-opened-to-world', () => {
  it('SSH from 0.0.0.0/0 and ::/0 is critical; evidence lists exactly the new rule ids', () => {
    const result = runOnActivity(rule, activityFrom(CONSOLE));
    expect(result.status).toBe('fail');
    expect(result.severity).toBe('critical');
    expect(result.message).toBe(
      'The role AWSReservedSSO_PlatformAdmin_4f1c2b7a9e3d5c81/dev.ops@example.com from 198.51.100.77 opened security group sg-0a1b2c3d4e5f60718 to the internet (0.0.0.0/0, ::/0) on tcp/22, exposing SSH 22',
    );
    expect(result.evidence?.securityGroupRuleIds).toEqual(['sgr-0f1e2d3c4b5a69788', 'sgr-0a9b8c7d6e5f43210']);
    expect(result.resource).toEqual({ type: 'AWS::EC2::SecurityGroup', id: 'sg-0a1b2c3d4e5f60718' });
    expect(rule.remediation).toBe('ec2-revoke-world-open-ingress');
  });

  it('falls back to the request ipPermissions when the response has no rule set', () => {
    const event = activityFrom(CONSOLE, (d) => {
      d.responseElements = { _return: true };
    });
    const result = runOnActivity(rule, event);
    expect(result).toMatchObject({
      status: 'fail',
      severity: 'critical',
      evidence: { securityGroupRuleIds: [] },
    });
    expect(result.evidence?.openings).toHaveLength(2);
  });

  it('a protocol that is neither a name nor a number (a mangled record) counts as all traffic instead of crashing', () => {
    // Found by the events property test: String() of a null-prototype object throws.
    const event = activityFrom(CLI, (d) => {
      (d.requestParameters as Detail).ipProtocol = Object.create(null);
    });
    const result = runOnActivity(rule, event);
    expect(result.status).toBe('fail');
    expect(result.message).toContain('on all protocols and ports, exposing all traffic');
  });

  it('falls back to top-level cidrIp/fromPort/toPort (CLI form): RDP is critical', () => {
    const result = runOnActivity(rule, activityFrom(CLI));
    expect(result.status).toBe('fail');
    expect(result.severity).toBe('critical');
    expect(result.message).toContain(
      'opened security group sg-0fedcba9876543210 to the internet (0.0.0.0/0) on tcp/3389, exposing RDP 3389',
    );
  });

  it.each<[string, Detail[], string, string?]>([
    [
      'HTTPS to the world (allowed public port)',
      [ruleItem({ fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' })],
      'not-applicable',
    ],
    ['a private CIDR', [ruleItem({ fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' })], 'not-applicable'],
    [
      'a non-sensitive port is high',
      [ruleItem({ fromPort: 8080, toPort: 8080, cidrIpv4: '0.0.0.0/0' })],
      'fail',
      'high',
    ],
    [
      'a range covering PostgreSQL is critical',
      [ruleItem({ fromPort: 5000, toPort: 6000, cidrIpv6: '::/0' })],
      'fail',
      'critical',
    ],
    [
      'all traffic is critical',
      [ruleItem({ ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' })],
      'fail',
      'critical',
    ],
    [
      'ICMP is ignored',
      [ruleItem({ ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' })],
      'not-applicable',
    ],
    [
      'an egress rule is ignored',
      [ruleItem({ isEgress: true, fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' })],
      'not-applicable',
    ],
  ])('%s -> %s', (_name, items, expected, severity) => {
    const result = runOnActivity(rule, withRuleSet(items));
    expect(result.status).toBe(expected);
    if (severity) expect(result.severity).toBe(severity);
  });

  it('only the world-open, non-allowed rules are listed for revocation', () => {
    const result = runOnActivity(
      rule,
      withRuleSet([
        ruleItem({ securityGroupRuleId: 'sgr-https', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' }),
        ruleItem({ securityGroupRuleId: 'sgr-office', fromPort: 22, toPort: 22, cidrIpv4: '203.0.113.0/24' }),
        ruleItem({ securityGroupRuleId: 'sgr-ssh', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
      ]),
    );
    expect(result.evidence?.securityGroupRuleIds).toEqual(['sgr-ssh']);
  });

  it('allowed public ports come from the configuration', () => {
    const event = withRuleSet([ruleItem({ fromPort: 8080, toPort: 8080, cidrIpv4: '0.0.0.0/0' })]);
    expect(runOnActivity(rule, event, { config: { allowedPublicPorts: [8080] } }).status).toBe(
      'not-applicable',
    );
  });

  it('a denied call is not applicable', () => {
    const event = activityFrom(CONSOLE, (d) => {
      d.errorCode = 'Client.UnauthorizedOperation';
    });
    expect(runOnActivity(rule, event).status).toBe('not-applicable');
  });
});
