import type { Inventory } from '../../inventory';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { Ec2NatGateway } from '../../model/resources/ec2-nat-gateway';
import type { Ec2RouteTable } from '../../model/resources/ec2-route-table';
import type { Ec2VpcEndpoint } from '../../model/resources/ec2-vpc-endpoint';
import { Unknown } from '../../model/unknown';
import { serviceEndsWith } from '../../network/service-name';
import { ResourceReference, sameValue } from '../../normalizers/cloudformation/reference';
import { defineRule } from '../../rule';

const SERVICES = ['s3', 'dynamodb'] as const;
type Service = (typeof SERVICES)[number];
/** Endpoint states that no longer route traffic. */
const GONE_STATES = new Set(['deleted', 'deleting', 'failed', 'rejected', 'expired']);

export default defineRule({
  id: 'vpc-nat-gateway-gateway-endpoints',
  title: 'VPCs with a NAT gateway have S3 and DynamoDB gateway endpoints',
  pillar: 'cost-optimization',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::NatGateway'] },
  source: { seed: '004', section: 'VPC Endpoints: Avoiding Unexpected Data Transfer Costs' },
  rationale:
    'Without a gateway endpoint, S3 and DynamoDB traffic from private subnets goes through the NAT gateway ' +
    'and is billed at $0.045 per GB processed, although in-region S3 transfer is otherwise free. Seed 004 ' +
    'describes a team paying $1,000+ a month for this; gateway endpoints cost nothing.',
  recommendation:
    'Create AWS::EC2::VPCEndpoint resources of type Gateway for com.amazonaws.<region>.s3 and ' +
    "com.amazonaws.<region>.dynamodb in this VPC and attach them to the private subnets' route tables.",
  expectedImpact: 'S3 and DynamoDB traffic bypasses the NAT gateway: no NAT data-processing charge for it.',
  references: { configRules: ['SERVICE_VPC_ENDPOINT_ENABLED'] },
  remediation: 'vpc-create-gateway-endpoints',
  evaluate(nat: Ec2NatGateway, ctx) {
    if (nat.deleted || nat.state === 'deleted' || nat.state === 'deleting') {
      return notApplicable('The NAT gateway is deleted');
    }
    if (nat.connectivityType === 'private')
      return notApplicable('A private NAT gateway does not reach S3 or DynamoDB');
    const vpcId = nat.vpcId;
    const found = new Set<Service>();
    let hidden: Unknown | undefined;
    for (const endpoint of ctx.inventory.ofType<Ec2VpcEndpoint>('AWS::EC2::VPCEndpoint')) {
      if (
        endpoint.deleted ||
        (typeof endpoint.state === 'string' && GONE_STATES.has(endpoint.state.toLowerCase()))
      ) {
        continue;
      }
      const sameVpc = sameValue(endpoint.vpcId, vpcId);
      if (sameVpc === false) continue;
      const type = endpoint.endpointType;
      if (typeof type === 'string' && type !== 'Gateway') continue;
      for (const service of SERVICES) {
        const matches = serviceEndsWith(endpoint.serviceName, `.${service}`);
        if (matches === false) continue;
        if (sameVpc === true && type === 'Gateway' && matches === true) found.add(service);
        else hidden ??= firstUnknown(sameVpc, type, matches);
      }
    }
    const missing = SERVICES.filter((s) => !found.has(s));
    if (missing.length === 0) return pass('S3 and DynamoDB gateway endpoints exist in the VPC');
    const evidence = {
      vpcId,
      natGatewayId: nat.natGatewayId,
      missingEndpoints: missing,
      // What the remediation needs: the route tables that send traffic to this NAT gateway.
      routeTableIds: routeTablesThrough(nat, ctx.inventory),
      ...(nat.region ? { serviceNames: missing.map((s) => `com.amazonaws.${nat.region}.${s}`) } : {}),
    };
    if (hidden)
      return unknown(
        `Whether the VPC has ${missing.join(' and ')} gateway endpoints is not known`,
        hidden,
        evidence,
      );
    // A template reference is comparable (sameValue); any other Unknown VPC id is not.
    if (vpcId instanceof Unknown && !(vpcId instanceof ResourceReference)) {
      return unknown('The NAT gateway VPC is not known', vpcId, evidence);
    }
    if (!ctx.inventory.complete) {
      return unknown(
        `No ${missing.join(' or ')} gateway endpoint for this VPC is in view, and the inventory is partial`,
        undefined,
        evidence,
      );
    }
    return fail(
      `VPC ${describe(vpcId)} routes through a NAT gateway without ${missing.map((s) => `an ${s === 's3' ? 'S3' : 'DynamoDB'} gateway endpoint`).join(' or ')}`,
      evidence,
    );
  },
});

/** Route tables (ids, or template references) with a route to this NAT gateway. */
function routeTablesThrough(nat: Ec2NatGateway, inventory: Inventory): unknown[] {
  const out: unknown[] = [];
  for (const table of inventory.ofType<Ec2RouteTable>('AWS::EC2::RouteTable')) {
    if (table.routes instanceof Unknown) continue;
    const viaNat = table.routes.some((route) =>
      route.natGatewayId instanceof ResourceReference
        ? nat.source === 'cloudformation' && route.natGatewayId.logicalId === nat.id
        : route.natGatewayId !== undefined && sameValue(route.natGatewayId, nat.natGatewayId) === true,
    );
    if (viaNat)
      out.push(table.source === 'cloudformation' ? new ResourceReference(table.id) : table.routeTableId);
  }
  return out;
}

function firstUnknown(...values: unknown[]): Unknown {
  return (
    (values.find((v) => v instanceof Unknown) as Unknown | undefined) ??
    new Unknown('endpoint details unknown')
  );
}

function describe(vpcId: unknown): string {
  return typeof vpcId === 'string' ? vpcId : vpcId instanceof Unknown ? vpcId.toJSON() : '?';
}
