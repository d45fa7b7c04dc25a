import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ec2-default-security-group-closed';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { eventItem, networkItem } from '../network-support';

const defaultGroup = () => networkItem('config-ci-ec2-security-group-default.json');

describe('ec2-default-security-group-closed', () => {
  describe('Config item', () => {
    it('fails for a default group with the AWS-created rules, saying it is in use', () => {
      const result = runOnConfigItem(rule, defaultGroup());
      expect(result.status).toBe('fail');
      expect(result.evidence).toMatchObject({ inboundRules: 1, outboundRules: 1, attachments: 1 });
      expect(result.message).toContain('attached to 1');
    });

    const cases = [
      { name: 'no rules at all', ingress: [], egress: [], status: 'pass' },
      { name: 'egress only', ingress: [], egress: 'keep', status: 'fail' },
    ] as const;
    it.each(cases)('$name -> $status', ({ ingress, egress, status }) => {
      const item = defaultGroup();
      item.configuration.ipPermissions = ingress;
      if (egress !== 'keep') item.configuration.ipPermissionsEgress = egress;
      expect(runOnConfigItem(rule, item).status).toBe(status);
    });

    it('is not applicable to a named group', () => {
      expect(runOnConfigItem(rule, eventItem('config-ci-ec2-security-group.json')).status).toBe(
        'not-applicable',
      );
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      { name: 'a named group', props: { GroupDescription: 'x', GroupName: 'web' }, status: 'not-applicable' },
      {
        name: 'GroupName default with ingress',
        props: {
          GroupDescription: 'x',
          GroupName: 'default',
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }],
        },
        status: 'fail',
      },
      {
        name: 'GroupName default, implicit allow-all egress',
        props: { GroupDescription: 'x', GroupName: 'default' },
        status: 'fail',
      },
      {
        name: 'GroupName from a parameter',
        props: { GroupDescription: 'x', GroupName: { Ref: 'Name' } },
        status: 'unknown',
      },
    ] as const;
    it.each(cases)('$name -> $status', ({ props, status }) => {
      const template = {
        Parameters: { Name: { Type: 'String' } },
        Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: props } },
      };
      expect(runOnTemplate(rule, template, 'Sg').status).toBe(status);
    });
  });
});
