import * as z from '../../shared/zod';
import type { Finding } from '../model/finding';
import {
  defineRemediation,
  evidenceString,
  field,
  nonEmptyString,
  notFixed,
  ok,
  optionalStringArray,
  RemediationPlanError,
} from './remediation';

/**
 * Revokes only the offending world-open ingress rules of one security group; every other rule stays.
 * Evidence:
 * - `groupId` (optional; falls back to the resource id),
 * - `securityGroupRuleIds`: string[] (preferred; from CloudTrail `securityGroupRuleSet` or
 *   DescribeSecurityGroupRules), or
 * - `openPermissions`: Array<{ ipProtocol: string; fromPort?: number; toPort?: number; cidr: string }>
 *   where `cidr` is `0.0.0.0/0` or `::/0` (the permission as Config records it); the rules' shapes
 *   `offendingRules` (ec2-security-group-no-world-ingress) and `openings`
 *   (ec2-security-group-opened-to-world), `{ protocol, fromPort, toPort, cidr }` with null ports for
 *   all traffic, are read the same way.
 * One of them is required. A cidr that is not world-open is refused: this fix only removes
 * internet exposure.
 * `writeInputs`: IAM cannot restrict which rules RevokeSecurityGroupIngress removes, so the executor
 * accepts only `GroupId` with either `SecurityGroupRuleIds` or `IpPermissions` whose every permission
 * names exactly one range, `0.0.0.0/0` or `::/0` (never another CIDR, a security group, a prefix
 * list, or the legacy top-level `CidrIp` / `GroupName` form). Rule ids are opaque: that they name
 * world-open rules of the group rests on the evidence, not on the schema.
 */
const ID = 'ec2-revoke-world-open-ingress';
const WORLD = new Set(['0.0.0.0/0', '::/0']);

export interface OpenPermission {
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidr: string;
}

const PORT = z.optional(z.number());
/** One permission as `toIpPermission` builds it: a protocol, optional ports, one world-open range. */
const WORLD_OPEN_PERMISSION = z.union([
  z.strictObject({
    IpProtocol: nonEmptyString(),
    FromPort: PORT,
    ToPort: PORT,
    IpRanges: z.array(z.strictObject({ CidrIp: z.literal('0.0.0.0/0') })).check(z.length(1)),
  }),
  z.strictObject({
    IpProtocol: nonEmptyString(),
    FromPort: PORT,
    ToPort: PORT,
    Ipv6Ranges: z.array(z.strictObject({ CidrIpv6: z.literal('::/0') })).check(z.length(1)),
  }),
]);

const PERMISSION_KEYS = ['openPermissions', 'offendingRules', 'openings'] as const;

function openPermissions(finding: Finding): OpenPermission[] | undefined {
  const raw = PERMISSION_KEYS.map((key) => finding.evidence?.[key]).find(
    (v) => Array.isArray(v) && v.length > 0,
  );
  if (!Array.isArray(raw)) return undefined;
  return raw.map((item) => {
    const ipProtocol = field(item, 'ipProtocol') ?? field(item, 'protocol');
    const cidr = field(item, 'cidr');
    const fromPort = field(item, 'fromPort');
    const toPort = field(item, 'toPort');
    if (typeof ipProtocol !== 'string' || typeof cidr !== 'string') {
      throw new RemediationPlanError(ID, 'each openPermissions item needs ipProtocol and cidr', [
        'openPermissions',
      ]);
    }
    if (!WORLD.has(cidr)) {
      throw new RemediationPlanError(ID, `refusing to revoke ${cidr}: only world-open ranges are removed`);
    }
    const allTraffic = ipProtocol === '-1' || ipProtocol === 'all';
    return {
      ipProtocol: allTraffic ? '-1' : ipProtocol,
      cidr,
      ...(typeof fromPort === 'number' && !allTraffic ? { fromPort } : {}),
      ...(typeof toPort === 'number' && !allTraffic ? { toPort } : {}),
    };
  });
}

function toIpPermission(p: OpenPermission): Record<string, unknown> {
  return {
    IpProtocol: p.ipProtocol,
    ...(p.fromPort !== undefined ? { FromPort: p.fromPort } : {}),
    ...(p.toPort !== undefined ? { ToPort: p.toPort } : {}),
    ...(p.cidr.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: p.cidr }] } : { IpRanges: [{ CidrIp: p.cidr }] }),
  };
}

function sameProtocol(a: unknown, b: string): boolean {
  return String(a) === b || (b === '-1' && a === 'all');
}

export default defineRemediation({
  id: ID,
  title: 'Revoke the world-open ingress rules of the security group',
  destructive: false,
  writeActions: ['ec2:RevokeSecurityGroupIngress'],
  readActions: ['ec2:DescribeSecurityGroupRules'],
  writeInputs: {
    RevokeSecurityGroupIngress: z.union([
      z.strictObject({
        GroupId: nonEmptyString(),
        SecurityGroupRuleIds: z.array(nonEmptyString()).check(z.minLength(1)),
      }),
      z.strictObject({
        GroupId: nonEmptyString(),
        IpPermissions: z.array(WORLD_OPEN_PERMISSION).check(z.minLength(1)),
      }),
    ]),
  },
  evidenceKeys: ['groupId', 'securityGroupRuleIds', 'openPermissions', 'offendingRules', 'openings'],
  plan(finding) {
    const groupId = evidenceString(ID, finding, 'groupId', ['id']);
    const ruleIds = optionalStringArray(finding, 'securityGroupRuleIds');
    if (ruleIds) {
      return [
        {
          service: 'EC2',
          operation: 'RevokeSecurityGroupIngress',
          input: { GroupId: groupId, SecurityGroupRuleIds: ruleIds },
          iamAction: 'ec2:RevokeSecurityGroupIngress',
        },
      ];
    }
    const permissions = openPermissions(finding);
    if (!permissions) {
      throw new RemediationPlanError(ID, 'evidence needs securityGroupRuleIds or openPermissions', [
        'securityGroupRuleIds',
        'openPermissions',
      ]);
    }
    return [
      {
        service: 'EC2',
        operation: 'RevokeSecurityGroupIngress',
        input: { GroupId: groupId, IpPermissions: permissions.map(toIpPermission) },
        iamAction: 'ec2:RevokeSecurityGroupIngress',
      },
    ];
  },
  verify: {
    read(finding) {
      const groupId = evidenceString(ID, finding, 'groupId', ['id']);
      return [
        {
          service: 'EC2',
          operation: 'DescribeSecurityGroupRules',
          input: { Filters: [{ Name: 'group-id', Values: [groupId] }] },
          iamAction: 'ec2:DescribeSecurityGroupRules',
        },
      ];
    },
    check([output], finding) {
      const rules = field(output, 'SecurityGroupRules');
      const list = Array.isArray(rules) ? rules : [];
      const ruleIds = new Set(optionalStringArray(finding, 'securityGroupRuleIds') ?? []);
      const permissions = ruleIds.size > 0 ? [] : (openPermissions(finding) ?? []);
      const remaining = list.filter((rule) => {
        if (field(rule, 'IsEgress') === true) return false;
        if (ruleIds.has(String(field(rule, 'SecurityGroupRuleId')))) return true;
        const cidr = field(rule, 'CidrIpv4') ?? field(rule, 'CidrIpv6');
        return permissions.some(
          (p) =>
            p.cidr === cidr &&
            sameProtocol(field(rule, 'IpProtocol'), p.ipProtocol) &&
            (p.fromPort === undefined || field(rule, 'FromPort') === p.fromPort) &&
            (p.toPort === undefined || field(rule, 'ToPort') === p.toPort),
        );
      });
      return remaining.length === 0
        ? ok('No offending world-open ingress rule remains')
        : notFixed(`${remaining.length} world-open ingress rule(s) remain`);
    },
  },
});
