import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { EcsService } from '../../model/resources/ecs-service';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ecs-service-no-public-ip',
  title: 'ECS services do not assign public IP addresses to tasks',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ECS::Service'] },
  source: { seed: '001', section: 'ECS/Fargate / ECS Service (private subnets, assign_public_ip = false)' },
  rationale:
    'Tasks with public IPs are reachable from the internet whenever their security group allows it. ' +
    'Seed 001 runs Fargate tasks in private subnets behind the ALB with assign_public_ip = false.',
  recommendation:
    'Set AssignPublicIp to DISABLED, run the tasks in private subnets and reach registries and AWS APIs ' +
    'through a NAT gateway or VPC endpoints.',
  expectedImpact: 'Tasks are reachable only through the load balancer.',
  references: { securityHub: ['ECS.2'] },
  evaluate(service: EcsService) {
    const assign = service.assignPublicIp;
    if (assign instanceof Unknown) return unknown('AssignPublicIp is set at deploy time', assign);
    if (assign === undefined) return notApplicable('The service has no awsvpc network configuration');
    if (assign === 'ENABLED') return fail('Tasks get public IP addresses (AssignPublicIp: ENABLED)');
    return pass('Tasks get no public IP addresses');
  },
});
