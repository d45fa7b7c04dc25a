import { callEvidence, record, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

/** Admin and database ports that must never face the internet: opening one is critical. */
const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [5439, 'Redshift'],
  [27017, 'MongoDB'],
  [6379, 'Redis'],
  [11211, 'Memcached'],
  [9200, 'Elasticsearch'],
  [9042, 'Cassandra'],
]);
const WORLD = new Set(['0.0.0.0/0', '::/0']);
const ICMP = new Set(['icmp', 'icmpv6', '1', '58']);

interface Opening {
  protocol: string;
  fromPort: number;
  toPort: number;
  cidr: string;
  securityGroupRuleId?: string;
}

export default defineRule({
  id: 'ec2-security-group-opened-to-world',
  title: 'Security group ingress is not opened to the whole internet',
  pillar: 'security',
  severity: 'high',
  maxSeverity: 'critical',
  appliesTo: {
    kind: 'activity',
    eventNames: ['AuthorizeSecurityGroupIngress'],
    eventSources: ['ec2.amazonaws.com'],
  },
  source: { seed: '000', section: 'Security References / 3. Network Security (Security Groups and NACLs)' },
  rationale:
    'Ingress from 0.0.0.0/0 or ::/0 exposes the port to every scanner on the internet within minutes; admin and ' +
    'database ports (SSH, RDP, MySQL, PostgreSQL, ...) are brute-forced and exploited constantly.',
  recommendation:
    'Revoke the world-open rules. Reach instances with Session Manager instead of SSH/RDP, put databases in private ' +
    'subnets reachable only from the application security group, and expose web traffic only through a load ' +
    'balancer on 80/443.',
  expectedImpact: 'Only the intended clients can reach the port; the internet-facing attack surface shrinks.',
  references: {
    securityHub: ['EC2.13', 'EC2.14', 'EC2.19'],
    configRules: ['INCOMING_SSH_DISABLED', 'RESTRICTED_INCOMING_TRAFFIC'],
  },
  remediation: 'ec2-revoke-world-open-ingress',
  evaluate(event: ActivityEvent, ctx) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const allowed = ctx.config.allowedPublicPorts;
    const openings = worldOpenings(event).filter(
      (o) => !ICMP.has(o.protocol) && !(o.fromPort === o.toPort && allowed.includes(o.fromPort)),
    );
    if (openings.length === 0) {
      return notApplicable('no ingress outside the allowed public ports was opened to the internet');
    }
    const groupId =
      text(event.requestParameters, 'groupId') ??
      text(record(firstItem(event.responseElements.securityGroupRuleSet)), 'groupId') ??
      text(event.requestParameters, 'groupName') ??
      'unknown';
    const sensitive = new Set<string>();
    for (const o of openings) {
      if (o.protocol === '-1') sensitive.add('all traffic');
      for (const [port, name] of SENSITIVE_PORTS) {
        if (o.protocol !== '-1' && port >= o.fromPort && port <= o.toPort) sensitive.add(`${name} ${port}`);
      }
    }
    const ports = [...new Set(openings.map(describePorts))].join(', ');
    const cidrs = [...new Set(openings.map((o) => o.cidr))].join(', ');
    const ruleIds = openings.flatMap((o) => (o.securityGroupRuleId ? [o.securityGroupRuleId] : []));
    return fail(
      `The ${who(event)} opened security group ${groupId} to the internet (${cidrs}) on ${ports}` +
        (sensitive.size ? `, exposing ${[...sensitive].join(', ')}` : ''),
      callEvidence(event, {
        groupId,
        securityGroupRuleIds: ruleIds,
        openings,
        sensitivePorts: [...sensitive],
      }),
      {
        severity: sensitive.size ? 'critical' : 'high',
        resource: { type: 'AWS::EC2::SecurityGroup', id: groupId },
      },
    );
  },
});

/**
 * World-open ingress from the call. The response's `securityGroupRuleSet` is the normalized result
 * (one item per CIDR, with its `sgr-` id); older or console-shaped records only carry the request's
 * `ipPermissions.items[]`, and CLI calls may use top-level `cidrIp` / `fromPort` / `toPort`.
 */
function worldOpenings(event: ActivityEvent): Opening[] {
  const out: Opening[] = [];
  const ruleSet = itemsOf(event.responseElements.securityGroupRuleSet);
  if (ruleSet.length > 0) {
    for (const raw of ruleSet) {
      const item = record(raw);
      if (item.isEgress === true || item.isEgress === 'true') continue;
      const cidr = text(item, 'cidrIpv4') ?? text(item, 'cidrIpv6');
      if (!cidr || !WORLD.has(cidr)) continue;
      const opening = portsOf(item, cidr);
      const ruleId = text(item, 'securityGroupRuleId');
      if (ruleId) opening.securityGroupRuleId = ruleId;
      out.push(opening);
    }
    return out;
  }
  const permissions = itemsOf(event.requestParameters.ipPermissions);
  for (const raw of permissions) {
    const permission = record(raw);
    for (const range of itemsOf(permission.ipRanges)) {
      const cidr = text(record(range), 'cidrIp');
      if (cidr && WORLD.has(cidr)) out.push(portsOf(permission, cidr));
    }
    for (const range of itemsOf(permission.ipv6Ranges)) {
      const cidr = text(record(range), 'cidrIpv6');
      if (cidr && WORLD.has(cidr)) out.push(portsOf(permission, cidr));
    }
  }
  const topCidr = text(event.requestParameters, 'cidrIp');
  if (topCidr && WORLD.has(topCidr)) out.push(portsOf(event.requestParameters, topCidr));
  return out;
}

function portsOf(item: Record<string, unknown>, cidr: string): Opening {
  // CloudTrail writes the protocol as a name or number; anything else (never seen) counts as all traffic.
  const raw = item.ipProtocol;
  const protocol = typeof raw === 'string' || typeof raw === 'number' ? String(raw).toLowerCase() : '-1';
  if (protocol === '-1' || protocol === 'all') return { protocol: '-1', fromPort: 0, toPort: 65535, cidr };
  const from = port(item.fromPort);
  const to = port(item.toPort);
  // A missing or -1 port on TCP/UDP means every port.
  return { protocol, fromPort: from ?? 0, toPort: to ?? from ?? 65535, cidr };
}

function port(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

function itemsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const items = record(value).items;
  return Array.isArray(items) ? items : [];
}

function firstItem(value: unknown): unknown {
  return itemsOf(value)[0];
}

function describePorts(o: Opening): string {
  if (o.protocol === '-1') return 'all protocols and ports';
  return o.fromPort === o.toPort ? `${o.protocol}/${o.fromPort}` : `${o.protocol}/${o.fromPort}-${o.toPort}`;
}
