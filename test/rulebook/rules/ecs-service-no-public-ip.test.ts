import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ecs-service-no-public-ip';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('ecs-service-no-public-ip', () => {
  it.each([
    { assign: 'ENABLED', status: 'fail' },
    { assign: 'DISABLED', status: 'pass' },
  ] as const)('Config item with AssignPublicIp=$assign -> $status', ({ assign, status }) => {
    const item = networkItem('config-ci-ecs-service.json');
    (
      item.configuration.NetworkConfiguration as { AwsvpcConfiguration: { AssignPublicIp: string } }
    ).AwsvpcConfiguration.AssignPublicIp = assign;
    expect(runOnConfigItem(rule, item).status).toBe(status);
  });

  const awsvpc = (assign?: unknown) => ({
    NetworkConfiguration: {
      AwsvpcConfiguration: {
        Subnets: ['subnet-1'],
        ...(assign === undefined ? {} : { AssignPublicIp: assign }),
      },
    },
  });
  const cases = [
    { name: 'ENABLED', props: awsvpc('ENABLED'), status: 'fail' },
    { name: 'omitted (DISABLED by default)', props: awsvpc(), status: 'pass' },
    { name: 'no awsvpc configuration (EC2 bridge mode)', props: {}, status: 'not-applicable' },
    { name: 'from a parameter', props: awsvpc({ Ref: 'Assign' }), status: 'unknown' },
  ] as const;
  it.each(cases)('CloudFormation $name -> $status', ({ props, status }) => {
    const template = {
      Parameters: { Assign: { Type: 'String' } },
      Resources: {
        Service: {
          Type: 'AWS::ECS::Service',
          Properties: { Cluster: 'app', TaskDefinition: 'app:1', ...props },
        },
      },
    };
    expect(runOnTemplate(rule, template, 'Service').status).toBe(status);
  });
});
