import type { Inventory } from '../../inventory';
import { type Evaluation, fail, pass, unknown } from '../../model/evaluation';
import type { Ec2FlowLog } from '../../model/resources/ec2-flow-log';
import type { Ec2Vpc } from '../../model/resources/ec2-vpc';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'vpc-flow-logs-enabled',
  title: 'VPCs have flow logs',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::VPC'] },
  source: { seed: '001', section: 'VPC Architecture / Terraform VPC Example (enable_flow_log = true)' },
  rationale:
    'Flow logs are the only record of which addresses talked to what inside a VPC: needed to investigate an ' +
    'incident and, per seed 004, to confirm that S3 traffic takes the gateway endpoint instead of the NAT gateway.',
  recommendation:
    'Add an AWS::EC2::FlowLog with ResourceType VPC and TrafficType ALL (or REJECT at least) to CloudWatch ' +
    'Logs or S3, with a retention policy.',
  expectedImpact: 'Network activity can be reconstructed during an investigation or a cost review.',
  references: { securityHub: ['EC2.6'], configRules: ['VPC_FLOW_LOGS_ENABLED'] },
  evaluate(vpc: Ec2Vpc, ctx) {
    if (vpc.flowLogs === undefined) return fromInventory(vpc, ctx.inventory);
    if (vpc.flowLogs instanceof Unknown) return unknown('Flow logs cannot be read', vpc.flowLogs);
    if (vpc.flowLogs) return pass('A flow log records this VPC');
    return fail('No flow log records this VPC');
  },
});

/**
 * Config items: the VPC item has no flow-log field, but Config records `AWS::EC2::FlowLog` items
 * (configuration.resourceId). An active flow log for the VPC in view passes; none in a complete
 * inventory (a snapshot) fails; otherwise the answer is unknown.
 */
function fromInventory(vpc: Ec2Vpc, inventory: Inventory): Evaluation {
  const flowLog = inventory.find<Ec2FlowLog>(
    'AWS::EC2::FlowLog',
    (log) =>
      log.resourceId === vpc.vpcId && !log.deleted && (log.status === undefined || log.status === 'ACTIVE'),
  );
  if (flowLog) return pass(`Flow log ${flowLog.id} records this VPC`);
  if (inventory.complete) return fail('No active flow log records this VPC', { vpcId: vpc.vpcId });
  return unknown(
    'The VPC configuration item does not show flow logs and no flow log item is in view; check with ec2 describe-flow-logs',
  );
}
