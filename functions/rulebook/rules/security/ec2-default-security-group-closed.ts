import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { Ec2SecurityGroup } from '../../model/resources/ec2-security-group';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ec2-default-security-group-closed',
  title: 'The default security group of a VPC allows no traffic',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::SecurityGroup'] },
  source: { seed: '000', section: 'Security References / 3. Network Security (Security Groups and NACLs)' },
  rationale:
    'Every resource launched without an explicit security group lands in the VPC default group, whose ' +
    'rules let all members talk to each other and reach anywhere. Emptying it makes a forgotten group ' +
    'choice fail closed instead of open (least privilege, seed 001 "Security groups with least privilege").',
  recommendation:
    'Remove every inbound and outbound rule from the default security group, move the resources that use ' +
    'it to purpose-made groups, and never reference the default group.',
  expectedImpact: 'Resources launched without a chosen security group cannot send or receive traffic.',
  references: { securityHub: ['EC2.2'], configRules: ['VPC_DEFAULT_SECURITY_GROUP_CLOSED'] },
  evaluate(group: Ec2SecurityGroup) {
    if (group.groupName instanceof Unknown)
      return unknown('The group name is set at deploy time', group.groupName);
    if (group.groupName !== 'default') return notApplicable('Not a VPC default security group');
    if (group.ingress instanceof Unknown) return unknown('The ingress rules cannot be read', group.ingress);
    if (group.egress instanceof Unknown) return unknown('The egress rules cannot be read', group.egress);
    const inbound = group.ingress.length;
    const outbound = group.egress.length;
    if (inbound === 0 && outbound === 0) return pass('The default security group has no rules');
    const inUse = group.attachmentCount ? ` and is attached to ${group.attachmentCount} resource(s)` : '';
    return fail(
      `The default security group has ${inbound} inbound and ${outbound} outbound rule(s)${inUse}`,
      {
        groupId: group.groupId,
        vpcId: group.vpcId,
        inboundRules: inbound,
        outboundRules: outbound,
        attachments: group.attachmentCount ?? 0,
      },
    );
  },
});
