import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ec2-security-group-no-world-ingress';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { eventItem, networkItem, normalized } from '../network-support';

const sgItem = () => eventItem('config-ci-ec2-security-group.json');

function permission(protocol: string, from: number | undefined, to: number | undefined, cidr: string) {
  const v6 = cidr.includes(':');
  return {
    ipProtocol: protocol,
    ...(from === undefined ? {} : { fromPort: from, toPort: to }),
    userIdGroupPairs: [],
    ipRanges: v6 ? [] : [cidr],
    ipv4Ranges: v6 ? [] : [{ cidrIp: cidr }],
    ipv6Ranges: v6 ? [{ cidrIpv6: cidr }] : [],
    prefixListIds: [],
  };
}

describe('ec2-security-group-no-world-ingress', () => {
  describe('Config item', () => {
    it('flags the fixture: SSH from 0.0.0.0/0 and ::/0 is critical, each rule listed for revocation', () => {
      const result = runOnConfigItem(rule, sgItem());
      expect(result.status).toBe('fail');
      expect(result.severity).toBe('critical');
      expect(result.evidence?.offendingRules).toEqual([
        {
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          cidr: '0.0.0.0/0',
          severity: 'critical',
          reason: '22 (SSH)',
        },
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '::/0', severity: 'critical', reason: '22 (SSH)' },
      ]);
      expect(result.evidence?.groupId).toBe('sg-0a1b2c3d4e5f60718');
    });

    const cases = [
      { name: 'corporate CIDR only', perms: [permission('tcp', 22, 22, '10.0.0.0/8')], status: 'pass' },
      {
        name: 'RDP from the world',
        perms: [permission('tcp', 3389, 3389, '0.0.0.0/0')],
        status: 'fail',
        severity: 'critical',
      },
      {
        name: 'PostgreSQL from ::/0',
        perms: [permission('tcp', 5432, 5432, '::/0')],
        status: 'fail',
        severity: 'critical',
      },
      {
        name: 'a range that contains MySQL',
        perms: [permission('tcp', 3000, 4000, '0.0.0.0/0')],
        status: 'fail',
        severity: 'critical',
      },
      {
        name: 'all traffic (-1)',
        perms: [permission('-1', undefined, undefined, '0.0.0.0/0')],
        status: 'fail',
        severity: 'critical',
      },
      {
        name: 'protocol number 6 = tcp, port 6379',
        perms: [permission('6', 6379, 6379, '0.0.0.0/0')],
        status: 'fail',
        severity: 'critical',
      },
      {
        name: 'an unlisted port',
        perms: [permission('tcp', 8443, 8443, '0.0.0.0/0')],
        status: 'fail',
        severity: 'high',
      },
      {
        name: 'ICMP from the world (no service port)',
        perms: [permission('icmp', 8, -1, '0.0.0.0/0')],
        status: 'pass',
      },
    ] as const;

    it.each(cases)('$name -> $status', ({ perms, status, ...rest }) => {
      const item = sgItem();
      item.configuration.ipPermissions = perms;
      const result = runOnConfigItem(rule, item);
      expect(result.status).toBe(status);
      if ('severity' in rest) expect(result.severity).toBe(rest.severity);
    });

    it('443 from the world: unknown from a lone Config item, pass when a load balancer uses the group', () => {
      const item = sgItem();
      item.configuration.ipPermissions = [permission('tcp', 443, 443, '0.0.0.0/0')];
      expect(runOnConfigItem(rule, item).status).toBe('unknown');

      const lb = networkItem('config-ci-elbv2-load-balancer.json');
      (lb.configuration as { securityGroups: string[] }).securityGroups = ['sg-0a1b2c3d4e5f60718'];
      expect(runOnConfigItem(rule, item, { inventory: normalized(lb) }).status).toBe('pass');
    });

    it('443 from the world on a group no load balancer uses, in a complete snapshot: high', () => {
      const item = sgItem();
      item.configuration.ipPermissions = [permission('tcp', 443, 443, '0.0.0.0/0')];
      const result = runOnConfigItem(rule, item, {
        inventory: normalized(networkItem('config-ci-elbv2-load-balancer.json')),
        inventoryComplete: true,
      });
      expect(result.status).toBe('fail');
      expect(result.severity).toBe('high');
    });

    it('a load balancer relationship on the item is enough', () => {
      const item = sgItem();
      item.configuration.ipPermissions = [permission('tcp', 80, 80, '0.0.0.0/0')];
      (item.relationships as unknown[]).push({
        resourceId:
          'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188',
        resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        name: 'Is associated with LoadBalancerV2',
      });
      expect(runOnConfigItem(rule, item).status).toBe('pass');
    });

    it('honours config.allowedPublicPorts', () => {
      const item = sgItem();
      item.configuration.ipPermissions = [permission('tcp', 8443, 8443, '0.0.0.0/0')];
      (item.relationships as unknown[]).push({
        resourceId: 'lb',
        resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      });
      expect(runOnConfigItem(rule, item, { config: { allowedPublicPorts: [443, 8443] } }).status).toBe(
        'pass',
      );
    });
  });

  describe('CloudFormation', () => {
    const group = (ingress: unknown[]) => ({
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'test', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: ingress },
    });
    const base = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } };
    const cases = [
      {
        name: 'SSH from the world',
        ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }],
        status: 'fail',
      },
      {
        name: 'SSH from a private range',
        ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }],
        status: 'pass',
      },
      {
        name: 'app port from another group',
        ingress: [
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { Ref: 'Other' } },
        ],
        status: 'pass',
      },
      {
        name: 'CIDR behind a parameter',
        ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'AdminCidr' } }],
        status: 'unknown',
      },
      {
        name: 'CIDR from a parameter that defaults to the world',
        ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'OpenCidr' } }],
        status: 'fail',
      },
      {
        name: 'CIDR from a parameter that defaults to a private range',
        ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'OfficeCidr' } }],
        status: 'pass',
      },
      {
        name: '443 on a group without load balancer',
        ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
        status: 'fail',
      },
    ] as const;

    it.each(cases)('$name -> $status', ({ ingress, status }) => {
      const template = {
        Parameters: {
          AdminCidr: { Type: 'String' },
          OpenCidr: { Type: 'String', Default: '0.0.0.0/0' },
          OfficeCidr: { Type: 'String', Default: '10.0.0.0/8' },
        },
        Resources: { ...base, Other: group([]), Sg: group([...ingress]) },
      };
      expect(runOnTemplate(rule, template, 'Sg').status).toBe(status);
    });

    /** One ingress rule; a `$Name` value is `{ Ref: Name }`, a parameter with no default. */
    const ingressRule = (protocol: string, port: number | string | undefined, cidr: string) => {
      const v = (value: string | number) =>
        typeof value === 'string' && value.startsWith('$') ? { Ref: value.slice(1) } : value;
      const ports =
        port === undefined
          ? {}
          : typeof port === 'number' || port.startsWith('$')
            ? { FromPort: v(port), ToPort: v(port) }
            : { FromPort: Number(port.split('-')[0]), ToPort: Number(port.split('-')[1]) };
      return { IpProtocol: v(protocol), ...ports, CidrIp: v(cidr) };
    };
    it.each([
      {
        name: 'SSH with its CIDR set at deploy time',
        ingress: [ingressRule('tcp', 22, '$AdminCidr')],
        severity: 'critical',
      },
      {
        name: 'a database port range with its CIDR set at deploy time',
        ingress: [ingressRule('tcp', '5000-6000', '$AdminCidr')],
        severity: 'critical',
      },
      {
        name: 'all traffic with its CIDR set at deploy time',
        ingress: [ingressRule('-1', undefined, '$AdminCidr')],
        severity: 'critical',
      },
      {
        name: 'a port set at deploy time, from the world',
        ingress: [ingressRule('tcp', '$Port', '0.0.0.0/0')],
        severity: 'critical',
      },
      {
        name: 'a protocol set at deploy time, from the world',
        ingress: [ingressRule('$Proto', 443, '0.0.0.0/0')],
        severity: 'critical',
      },
      {
        name: '443 with its CIDR set at deploy time: at worst a web port on a group no load balancer uses',
        ingress: [ingressRule('tcp', 443, '$AdminCidr')],
        severity: 'high',
      },
      {
        name: '443 and SSH with their CIDRs set at deploy time: the worst of both',
        ingress: [ingressRule('tcp', 443, '$AdminCidr'), ingressRule('tcp', 22, '$AdminCidr')],
        severity: 'critical',
      },
    ])(
      'unknown, with the most severe severity its finding could have: $name -> $severity',
      ({ ingress, severity }) => {
        // Prepare
        const template = {
          Parameters: { AdminCidr: { Type: 'String' }, Port: { Type: 'Number' }, Proto: { Type: 'String' } },
          Resources: { ...base, Sg: group(ingress) },
        };
        // Act
        const evaluation = runOnTemplate(rule, template, 'Sg');
        // Assess
        expect(evaluation.status).toBe('unknown');
        expect(evaluation.severity).toBe(severity);
      },
    );

    it('an ICMP rule with its CIDR set at deploy time opens no port: pass', () => {
      const template = {
        Parameters: { AdminCidr: { Type: 'String' } },
        Resources: {
          ...base,
          Sg: group([{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, CidrIp: { Ref: 'AdminCidr' } }]),
        },
      };
      expect(runOnTemplate(rule, template, 'Sg').status).toBe('pass');
    });

    it('allows 80/443 from the world on a group an ALB uses', () => {
      const template = {
        Resources: {
          ...base,
          Sg: group([
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
            { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '::/0' },
          ]),
          Alb: {
            Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
            Properties: {
              Subnets: ['subnet-1', 'subnet-2'],
              SecurityGroups: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }],
            },
          },
        },
      };
      expect(runOnTemplate(rule, template, 'Sg').status).toBe('pass');
    });

    it('folds standalone SecurityGroupIngress resources and names them in the evidence', () => {
      const yaml = `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: bastion
  OpenSsh:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Sg.GroupId
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 0.0.0.0/0
`;
      const result = runOnTemplate(rule, yaml, 'Sg');
      expect(result.status).toBe('fail');
      expect(result.severity).toBe('critical');
      expect(result.evidence?.offendingRules).toEqual([
        expect.objectContaining({ fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', declaredIn: 'OpenSsh' }),
      ]);
    });

    it('is unknown when the whole ingress list is a parameter-driven condition', () => {
      const template = {
        Parameters: { Open: { Type: 'String' } },
        Conditions: { IsOpen: { 'Fn::Equals': [{ Ref: 'Open' }, 'yes'] } },
        Resources: {
          Sg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'x',
              SecurityGroupIngress: { 'Fn::If': ['IsOpen', [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }], []] },
            },
          },
        },
      };
      expect(runOnTemplate(rule, template, 'Sg').status).toBe('unknown');
    });
  });
});
