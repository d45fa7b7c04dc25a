import type { Ec2SecurityGroup, SecurityGroupRule } from '../../model/resources/ec2-security-group';
import { type Maybe, Unknown } from '../../model/unknown';
import type { ConfigItem } from '../config-item';
import { protocolName, stringList } from '../network/shared';
import {
  baseFromCloudFormation,
  baseFromConfigItem,
  type CfnResource,
  defineNormalizer,
  refersTo,
  type TemplateScope,
} from '../normalizer';
import { asArray, asNumber, asString, field, fieldsOf, get } from '../values';

const LOAD_BALANCER_TYPES = new Set([
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancing::LoadBalancer',
]);
const ATTACHMENT_TYPES = new Set(['AWS::EC2::NetworkInterface', 'AWS::EC2::Instance']);

/** CloudFormation adds this egress rule when a template declares none (EC2 default for new groups). */
const IMPLICIT_EGRESS: SecurityGroupRule = {
  protocol: '-1',
  fromPort: undefined,
  toPort: undefined,
  cidr: '0.0.0.0/0',
  implicit: true,
};

export default defineNormalizer<Ec2SecurityGroup>({
  resourceType: 'AWS::EC2::SecurityGroup',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'],

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::SecurityGroup.properties.json
  // (ipPermissions[].ipv4Ranges[].cidrIp, ipv6Ranges[].cidrIpv6, legacy ipRanges[] strings).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const lbRelation = item.relationships.some(
      (r) => r.resourceType && LOAD_BALANCER_TYPES.has(r.resourceType),
    );
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::SecurityGroup' as const,
      groupId: asString(c.groupId) ?? item.resourceId,
      groupName: asString(c.groupName) ?? item.resourceName,
      vpcId: asString(c.vpcId),
      ingress: permissionsFromConfig(c.ipPermissions),
      egress: permissionsFromConfig(c.ipPermissionsEgress),
      attachedToLoadBalancer: lbRelation ? true : undefined,
      attachmentCount: countAttachments(item),
    });
  },

  // Property names: AWS::EC2::SecurityGroup, AWS::EC2::SecurityGroupIngress/Egress (CloudFormation reference).
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const standaloneIngress = scope.referencing(
      'AWS::EC2::SecurityGroupIngress',
      'GroupId',
      resource.logicalId,
    );
    const standaloneEgress = scope.referencing(
      'AWS::EC2::SecurityGroupEgress',
      'GroupId',
      resource.logicalId,
    );
    const ingress = withStandalone(rulesFromTemplate(p.SecurityGroupIngress), standaloneIngress);
    const declaredEgress = withStandalone(rulesFromTemplate(p.SecurityGroupEgress), standaloneEgress);
    const egress =
      declaredEgress instanceof Unknown || declaredEgress.length > 0 || p.SecurityGroupEgress !== undefined
        ? declaredEgress
        : [IMPLICIT_EGRESS];
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::SecurityGroup' as const,
      groupId: undefined,
      groupName: asString(p.GroupName),
      ...(typeof p.GroupName === 'string' ? { name: p.GroupName } : {}),
      vpcId: asString(p.VpcId),
      ingress,
      egress,
      attachedToLoadBalancer: attachedInTemplate(resource, scope),
    });
  },
});

/** One `ipPermissions[]` entry of a Config item (awslabs/aws-config-resource-schema field names). */
interface ConfigPermission {
  ipProtocol: unknown;
  fromPort: unknown;
  toPort: unknown;
  ipv4Ranges: unknown;
  ipRanges: unknown;
  ipv6Ranges: unknown;
  userIdGroupPairs: unknown;
  prefixListIds: unknown;
}

function permissionsFromConfig(value: unknown): Maybe<SecurityGroupRule[]> {
  const list = asArray(value);
  if (list instanceof Unknown) return list;
  const out: SecurityGroupRule[] = [];
  for (const permission of list ?? []) {
    const p = fieldsOf<ConfigPermission>(permission);
    if (p instanceof Unknown) {
      // Every field of a hidden permission is hidden: one rule that says so.
      out.push({ protocol: p, fromPort: p, toPort: p, cidr: p });
      continue;
    }
    const protocol = protocolName(p.ipProtocol);
    const all = protocol === '-1';
    const fromPort = all ? undefined : asNumber(p.fromPort);
    const toPort = all ? undefined : asNumber(p.toPort);
    // ipv4Ranges (objects) and the legacy ipRanges (strings) list the same CIDRs: read one of them.
    const v4 = p.ipv4Ranges;
    if (Array.isArray(v4) && v4.length > 0) {
      for (const range of v4) pushCidr(out, protocol, fromPort, toPort, field(range, 'cidrIp'));
    } else {
      const legacy = stringList(p.ipRanges) ?? [];
      if (legacy instanceof Unknown) pushCidr(out, protocol, fromPort, toPort, legacy);
      else for (const cidr of legacy) pushCidr(out, protocol, fromPort, toPort, cidr);
    }
    const v6 = p.ipv6Ranges;
    if (Array.isArray(v6)) {
      for (const range of v6) pushCidr(out, protocol, fromPort, toPort, field(range, 'cidrIpv6'));
    }
    const pairs = p.userIdGroupPairs;
    if (Array.isArray(pairs)) {
      for (const pair of pairs) {
        const sourceSecurityGroupId = asString(field(pair, 'groupId')) ?? '';
        out.push({ protocol, fromPort, toPort, cidr: undefined, sourceSecurityGroupId });
      }
    }
    const prefixLists = p.prefixListIds;
    if (Array.isArray(prefixLists)) {
      for (const prefix of prefixLists) {
        const prefixListId = asString(field(prefix, 'prefixListId')) ?? '';
        out.push({ protocol, fromPort, toPort, cidr: undefined, prefixListId });
      }
    }
  }
  return out;
}

function pushCidr(
  out: SecurityGroupRule[],
  protocol: Maybe<string>,
  fromPort: Maybe<number> | undefined,
  toPort: Maybe<number> | undefined,
  raw: unknown,
): void {
  const cidr = asString(raw);
  if (cidr !== undefined) out.push({ protocol, fromPort, toPort, cidr });
}

function countAttachments(item: ConfigItem): number {
  return item.relationships.filter((r) => r.resourceType && ATTACHMENT_TYPES.has(r.resourceType)).length;
}

function ruleFromTemplate(raw: unknown, declaredIn?: string): SecurityGroupRule | Unknown {
  if (raw instanceof Unknown) return raw;
  if (typeof raw !== 'object' || raw === null) return new Unknown('a security group rule is not an object');
  const protocol = protocolName(get(raw, 'IpProtocol'));
  const all = protocol === '-1';
  const cidrV4 = asString(get(raw, 'CidrIp'));
  const cidrV6 = asString(get(raw, 'CidrIpv6'));
  const rule: SecurityGroupRule = {
    protocol,
    fromPort: all ? undefined : asNumber(get(raw, 'FromPort')),
    toPort: all ? undefined : asNumber(get(raw, 'ToPort')),
    cidr: cidrV4 ?? cidrV6,
  };
  const sourceGroup = asString(get(raw, 'SourceSecurityGroupId') ?? get(raw, 'DestinationSecurityGroupId'));
  if (sourceGroup !== undefined) rule.sourceSecurityGroupId = sourceGroup;
  const prefixList = asString(get(raw, 'SourcePrefixListId') ?? get(raw, 'DestinationPrefixListId'));
  if (prefixList !== undefined) rule.prefixListId = prefixList;
  const description = asString(get(raw, 'Description'));
  if (description !== undefined) rule.description = description;
  if (declaredIn) rule.declaredIn = declaredIn;
  return rule;
}

function rulesFromTemplate(value: unknown): Maybe<SecurityGroupRule[]> {
  const list = asArray(value);
  if (list instanceof Unknown) return list;
  const out: SecurityGroupRule[] = [];
  for (const raw of list ?? []) {
    const rule = ruleFromTemplate(raw);
    if (rule instanceof Unknown) return rule;
    out.push(rule);
  }
  return out;
}

function withStandalone(
  rules: Maybe<SecurityGroupRule[]>,
  standalone: CfnResource[],
): Maybe<SecurityGroupRule[]> {
  if (rules instanceof Unknown) return rules;
  const out = [...rules];
  for (const resource of standalone) {
    const rule = ruleFromTemplate(resource.properties, resource.logicalId);
    if (rule instanceof Unknown) return rule;
    out.push(rule);
  }
  return out;
}

/** True when an ELBv2 load balancer lists the group; Unknown when some load balancer's list is hidden. */
function attachedInTemplate(resource: CfnResource, scope: TemplateScope): Maybe<boolean> {
  let hidden: Unknown | undefined;
  for (const lb of [...LOAD_BALANCER_TYPES].flatMap((type) => scope.ofType(type))) {
    const groups = lb.properties.SecurityGroups;
    if (groups instanceof Unknown) {
      hidden ??= groups;
      continue;
    }
    if (!Array.isArray(groups)) continue;
    if (groups.some((g) => refersTo(g, resource.logicalId))) return true;
    // A parameter in the list names a group that exists before deploy, never this one.
  }
  return hidden ?? false;
}
