import type { Inventory } from '../../inventory';
import { fail, joinList, pass, unknown } from '../../model/evaluation';
import type { Ec2SecurityGroup, SecurityGroupRule } from '../../model/resources/ec2-security-group';
import type { Elbv2LoadBalancer } from '../../model/resources/elbv2-load-balancer';
import type { Severity } from '../../model/severity';
import { type Maybe, Unknown } from '../../model/unknown';
import {
  ADMIN_PORTS,
  DATABASE_PORTS,
  isAllPorts,
  isPortProtocol,
  isWorld,
  OTHER_HIGH_RISK_PORTS,
  type PortRange,
  rangeOf,
  sensitivePortsIn,
  withinAllowed,
} from '../../network/ports';
import { defineRule } from '../../rule';

/** One world-open ingress rule, exactly as the remediation needs it to revoke that rule only. */
interface OffendingRule {
  protocol: string;
  fromPort: number | null;
  toPort: number | null;
  cidr: string;
  severity: Severity;
  reason: string;
  declaredIn?: string;
}

export default defineRule({
  id: 'ec2-security-group-no-world-ingress',
  title: 'Security groups do not allow ingress from the whole internet',
  pillar: 'security',
  severity: 'high',
  maxSeverity: 'critical',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::SecurityGroup'] },
  source: { seed: '001', section: 'Security Groups (ALB / application / database security groups)' },
  rationale:
    'A rule from 0.0.0.0/0 or ::/0 exposes the port to every scanner on the internet. SSH, RDP and ' +
    'database ports are found and brute-forced within minutes; the seeds allow public ingress only on ' +
    'the load balancer (80 redirect, 443), with the application and database tiers reachable from the ' +
    'tier in front of them only (seed 000 "Network Security", seed 004 "Apply strict security group rules").',
  recommendation:
    'Revoke the listed rules. Reach instances through Systems Manager Session Manager instead of SSH/RDP, ' +
    'allow the application port only from the load balancer security group and the database port only ' +
    'from the application security group. Keep 80/443 open to the world only on load balancer groups.',
  expectedImpact:
    'No administrative or data port reachable from the internet; a much smaller attack surface.',
  references: {
    securityHub: ['EC2.13', 'EC2.14', 'EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'],
    configRules: [
      'INCOMING_SSH_DISABLED',
      'RESTRICTED_INCOMING_TRAFFIC',
      'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
    ],
  },
  remediation: 'ec2-revoke-world-open-ingress',
  evaluate(group: Ec2SecurityGroup, ctx) {
    if (group.ingress instanceof Unknown) return unknown('The ingress rules cannot be read', group.ingress);
    const allowed = ctx.config.allowedPublicPorts;
    const offending: OffendingRule[] = [];
    let hidden: Unknown | undefined;
    /** The most severe finding a rule hidden behind a deploy-time value could make. */
    let hiddenSeverity: Severity = 'high';
    const hide = (cause: Unknown, severity: Severity) => {
      hidden ??= cause;
      if (severity === 'critical') hiddenSeverity = 'critical';
    };
    let needsLoadBalancer = false;
    let onLoadBalancer: Maybe<boolean> | undefined;

    for (const rule of group.ingress) {
      if (rule.cidr === undefined) continue;
      if (rule.cidr instanceof Unknown) {
        const severity = severityIfWorld(rule);
        if (severity !== undefined) hide(rule.cidr, severity);
        continue;
      }
      if (!isWorld(rule.cidr)) continue;
      if (rule.protocol instanceof Unknown) {
        hide(rule.protocol, 'critical');
        continue;
      }
      if (!isPortProtocol(rule.protocol)) continue; // ICMP echo etc. carries no service port
      const range = rangeOf(rule);
      if (range instanceof Unknown) {
        hide(range, 'critical');
        continue;
      }
      if (isAllPorts(range)) {
        offending.push(offendingRule(rule, range, 'critical', 'all ports'));
        continue;
      }
      const critical = sensitivePortsIn(range, ADMIN_PORTS).concat(sensitivePortsIn(range, DATABASE_PORTS));
      if (critical.length > 0) {
        offending.push(offendingRule(rule, range, 'critical', joinList(critical)));
        continue;
      }
      if (withinAllowed(range, allowed)) {
        onLoadBalancer ??= attachedToLoadBalancer(group, ctx.inventory);
        if (onLoadBalancer === true) continue;
        if (onLoadBalancer instanceof Unknown) {
          needsLoadBalancer = true;
          continue;
        }
        offending.push(offendingRule(rule, range, 'high', 'web port on a group that no load balancer uses'));
        continue;
      }
      const risky = sensitivePortsIn(range, OTHER_HIGH_RISK_PORTS);
      offending.push(offendingRule(rule, range, 'high', risky.length ? joinList(risky) : 'port not allowed'));
    }

    if (offending.length > 0) {
      const worst: Severity = offending.some((o) => o.severity === 'critical') ? 'critical' : 'high';
      const summary = joinList(
        offending.map(
          (o) => `${o.protocol === '-1' ? 'all traffic' : `${o.protocol} ${portText(o)}`} from ${o.cidr}`,
        ),
        '; ',
      );
      return fail(
        `${offending.length} ingress rule(s) open to the internet: ${summary}`,
        { groupId: group.groupId, vpcId: group.vpcId, offendingRules: offending },
        { severity: worst },
      );
    }
    if (hidden)
      return unknown('An ingress rule is set at deploy time', hidden, undefined, {
        severity: hiddenSeverity,
      });
    if (needsLoadBalancer) {
      return unknown(
        `Ports ${allowed.join('/')} are open to the internet, which is allowed only on load balancer groups, ` +
          'and no load balancer using this group is in view',
        onLoadBalancer instanceof Unknown ? onLoadBalancer : undefined,
      );
    }
    return pass('No ingress from 0.0.0.0/0 or ::/0 beyond the allowed load balancer ports');
  },
});

/**
 * The severity of the finding a rule whose CIDR is set at deploy time would make if that CIDR were
 * the world: critical for all ports, an administrative or database port, or a protocol or port
 * range not known either; high for any other port; undefined for a protocol without ports (ICMP).
 */
function severityIfWorld(rule: SecurityGroupRule): Severity | undefined {
  if (rule.protocol instanceof Unknown) return 'critical';
  if (!isPortProtocol(rule.protocol)) return undefined;
  const range = rangeOf(rule);
  if (range instanceof Unknown || isAllPorts(range)) return 'critical';
  const sensitive =
    sensitivePortsIn(range, ADMIN_PORTS).length + sensitivePortsIn(range, DATABASE_PORTS).length;
  return sensitive > 0 ? 'critical' : 'high';
}

/** The evidence entry for one world-open rule (module level: no closure per evaluation). */
function offendingRule(
  rule: SecurityGroupRule,
  range: PortRange,
  severity: Severity,
  reason: string,
): OffendingRule {
  const all = rule.protocol === '-1';
  const entry: OffendingRule = {
    protocol: rule.protocol as string,
    fromPort: all ? null : range.from,
    toPort: all ? null : range.to,
    cidr: rule.cidr as string,
    severity,
    reason,
  };
  if (rule.declaredIn) entry.declaredIn = rule.declaredIn;
  return entry;
}

function portText(rule: OffendingRule): string {
  return rule.fromPort === rule.toPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;
}

/**
 * Templates answer from the template. Config items: a load balancer relationship, else an ELBv2
 * load balancer in the inventory that lists the group id; absence counts only in a complete inventory.
 */
function attachedToLoadBalancer(group: Ec2SecurityGroup, inventory: Inventory): Maybe<boolean> {
  if (group.attachedToLoadBalancer !== undefined) return group.attachedToLoadBalancer;
  const groupId = group.groupId;
  if (typeof groupId === 'string') {
    const found = inventory.find<Elbv2LoadBalancer>(
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      (lb) => Array.isArray(lb.securityGroups) && lb.securityGroups.includes(groupId),
    );
    if (found) return true;
  }
  if (inventory.complete) return false;
  return new Unknown('no load balancer using this group is in view (the Config item does not list one)');
}
