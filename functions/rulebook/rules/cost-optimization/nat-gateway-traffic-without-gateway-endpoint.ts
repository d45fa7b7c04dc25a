import { describeCause, severityForImpact, usd } from '../../cost-rule-support';
import type { CostAnomaly } from '../../model/cost-anomaly';
import { fail, notApplicable, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { endsWithKnown, sameValue } from '../../normalizers/cloudformation/reference';
import { defineRule } from '../../rule';

/**
 * The parts of the NAT gateway and VPC endpoint models this rule reads. Declared here (not imported)
 * so the rule depends only on the contract: `AWS::EC2::NatGateway { vpcId, subnetId }` and
 * `AWS::EC2::VPCEndpoint { vpcId, serviceName (maybe a PartialString), endpointType, routeTableIds }`.
 */
interface NatGatewayLike extends ResourceBase {
  type: 'AWS::EC2::NatGateway';
  vpcId: string | Unknown;
}
interface VpcEndpointLike extends ResourceBase {
  type: 'AWS::EC2::VPCEndpoint';
  vpcId: string | Unknown;
  serviceName: string | Unknown;
  endpointType: string | Unknown;
}

/** Cost Explorer usage types for NAT data processing: `USE1-NatGateway-Bytes`, `EU-NatGateway-Bytes`, ... */
const NAT_BYTES = /(^|-)NatGateway-Bytes$/;
const SERVICES = [
  { suffix: '.s3', label: 'S3' },
  { suffix: '.dynamodb', label: 'DynamoDB' },
] as const;

interface GatewayVerdict {
  gateway: NatGatewayLike;
  /** Services with no gateway endpoint in the gateway's VPC. */
  missing: string[];
  /** Services where an endpoint's VPC, type or service cannot be read. */
  undetermined: Unknown | undefined;
}

export default defineRule({
  id: 'nat-gateway-traffic-without-gateway-endpoint',
  title: 'NAT gateway data processing is not spent on S3 / DynamoDB traffic',
  pillar: 'cost-optimization',
  severity: 'medium',
  maxSeverity: 'critical',
  appliesTo: { kind: 'cost' },
  source: { seed: '004', section: 'VPC Endpoints: Avoiding Unexpected Data Transfer Costs' },
  rationale:
    'Every byte a private subnet sends through a NAT gateway pays the NAT data processing charge, including traffic ' +
    'to S3 and DynamoDB in the same Region. Gateway endpoints for S3 and DynamoDB carry that traffic for free, so a ' +
    'NAT data-processing spike in a VPC without them is usually money spent for nothing.',
  recommendation:
    'Create S3 and DynamoDB gateway endpoints (AWS::EC2::VPCEndpoint, VpcEndpointType Gateway) in the VPC and ' +
    "associate them with the private subnets' route tables; then check in Cost Explorer that *-NatGateway-Bytes " +
    'falls.',
  expectedImpact: "S3 and DynamoDB traffic stops paying NAT data processing; the anomaly's spend goes away.",
  remediation: 'vpc-create-gateway-endpoints',
  evaluate(anomaly: CostAnomaly, ctx) {
    const natCauses = anomaly.rootCauses
      .filter((c) => c.usageType !== undefined && NAT_BYTES.test(c.usageType))
      .sort((a, b) => (b.contribution ?? 0) - (a.contribution ?? 0));
    const cause = natCauses[0];
    if (!cause) return notApplicable("no NAT gateway data processing among the anomaly's root causes");
    const accountId = cause.linkedAccount ?? anomaly.accountId;
    const region = cause.region;
    const natUsd = natCauses.reduce((sum, c) => sum + (c.contribution ?? 0), 0);
    const dollars = natUsd > 0 ? natUsd : anomaly.totalImpact;
    const severity = severityForImpact(dollars, ctx.config);
    const impact = `${usd(dollars)} of NAT data processing in cost anomaly ${anomaly.anomalyId} (${usd(anomaly.totalImpact)} total${
      anomaly.totalImpactPercentage !== undefined ? `, +${anomaly.totalImpactPercentage.toFixed(0)}%` : ''
    })`;
    const baseEvidence = {
      anomalyId: anomaly.anomalyId,
      natDataProcessingUsd: dollars,
      totalImpactUsd: anomaly.totalImpact,
      totalImpactPercentage: anomaly.totalImpactPercentage ?? null,
      rootCauses: natCauses.map((c) => ({ ...c })),
      accountId,
      region: region ?? null,
    };

    const gateways = ctx.inventory
      .ofType<NatGatewayLike>('AWS::EC2::NatGateway')
      .filter((g) => inScope(g, accountId, region));
    if (gateways.length === 0) {
      return fail(
        `${impact}, from ${describeCause(cause)}. No NAT gateway of that account and Region is in the inventory, so ` +
          'the VPC is unknown; S3 and DynamoDB gateway endpoints in the VPCs behind this NAT gateway are the likely fix',
        { ...baseEvidence, natGateways: [], vpcId: null },
        {
          severity,
          withoutFix: 'the VPC behind the NAT gateway is unknown (no NAT gateway in the inventory)',
          resource: {
            type: 'AWS::::Account',
            id: accountId,
            accountId,
            ...(region ? { region } : {}),
            ...(cause.linkedAccountName ? { name: cause.linkedAccountName } : {}),
          },
        },
      );
    }
    const endpoints = ctx.inventory.ofType<VpcEndpointLike>('AWS::EC2::VPCEndpoint');
    const verdicts = gateways
      .map((g) => verdictFor(g, endpoints))
      .sort((a, b) => a.gateway.id.localeCompare(b.gateway.id));
    const lacking = verdicts.filter((v) => v.missing.length > 0);
    const first = lacking[0];
    if (!first) {
      const hidden = verdicts.find((v) => v.undetermined)?.undetermined;
      if (hidden)
        return unknown(
          "cannot tell whether the NAT gateways' VPCs have S3/DynamoDB gateway endpoints",
          hidden,
        );
      return notApplicable(
        'every NAT gateway of that account and Region is in a VPC with S3 and DynamoDB gateway endpoints; the NAT traffic goes elsewhere',
      );
    }
    const gateway = first.gateway;
    const vpc = typeof gateway.vpcId === 'string' ? gateway.vpcId : 'an unresolved VPC';
    const others =
      lacking.length > 1 ? ` (and ${lacking.length - 1} more NAT gateway(s) in the same situation)` : '';
    return fail(
      `NAT gateway ${gateway.id} in VPC ${vpc} (account ${accountId}${region ? `, ${region}` : ''}) is behind ${impact}; ` +
        `the VPC has no ${first.missing.join(' or ')} gateway endpoint, so that traffic pays NAT data processing${others}`,
      {
        ...baseEvidence,
        natGatewayId: gateway.id,
        vpcId: typeof gateway.vpcId === 'string' ? gateway.vpcId : null,
        missingGatewayEndpoints: first.missing,
        natGateways: lacking.map((v) => ({
          natGatewayId: v.gateway.id,
          vpcId: typeof v.gateway.vpcId === 'string' ? v.gateway.vpcId : null,
          missingGatewayEndpoints: v.missing,
        })),
      },
      {
        severity,
        ...(typeof gateway.vpcId === 'string'
          ? {}
          : { withoutFix: `the VPC of NAT gateway ${gateway.id} is unresolved` }),
        resource: {
          type: 'AWS::EC2::NatGateway',
          id: gateway.id,
          accountId: gateway.accountId ?? accountId,
          ...((gateway.region ?? region) ? { region: gateway.region ?? region } : {}),
          ...(gateway.arn ? { arn: gateway.arn } : {}),
          ...(gateway.location ? { location: gateway.location } : {}),
        },
      },
    );
  },
});

function inScope(gateway: NatGatewayLike, accountId: string, region: string | undefined): boolean {
  // Template resources carry no account/Region: they are in scope of whatever the anomaly names.
  if (gateway.accountId !== undefined && gateway.accountId !== accountId) return false;
  if (region !== undefined && gateway.region !== undefined && gateway.region !== region) return false;
  return !gateway.deleted;
}

function verdictFor(gateway: NatGatewayLike, endpoints: readonly VpcEndpointLike[]): GatewayVerdict {
  const missing: string[] = [];
  let undetermined: Unknown | undefined;
  for (const service of SERVICES) {
    const found = hasGatewayEndpoint(gateway, endpoints, service.suffix);
    if (found === false) missing.push(service.label);
    else if (found instanceof Unknown) undetermined ??= found;
  }
  return { gateway, missing, undetermined };
}

/** true: a gateway endpoint for the service is in the VPC; false: none; Unknown: cannot tell. */
function hasGatewayEndpoint(
  gateway: NatGatewayLike,
  endpoints: readonly VpcEndpointLike[],
  suffix: string,
): boolean | Unknown {
  let doubt: Unknown | undefined;
  for (const endpoint of endpoints) {
    if (endpoint.deleted) continue;
    if (
      endpoint.accountId !== undefined &&
      gateway.accountId !== undefined &&
      endpoint.accountId !== gateway.accountId
    )
      continue;
    const sameVpc = sameValue(endpoint.vpcId, gateway.vpcId);
    if (sameVpc === false) continue;
    const type = endpoint.endpointType;
    const isGateway =
      type instanceof Unknown ? type : typeof type === 'string' && type.toLowerCase() === 'gateway';
    if (isGateway === false) continue;
    const service = endsWithKnown(endpoint.serviceName, suffix);
    if (service === false) continue;
    if (sameVpc === true && isGateway === true && service === true) return true;
    doubt ??= [sameVpc, isGateway, service].find((v): v is Unknown => v instanceof Unknown);
  }
  return doubt ?? false;
}
