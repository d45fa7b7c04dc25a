import type { PlannedCall } from '../../ports/remediation-executor';
import * as z from '../../shared/zod';
import type { Finding } from '../model/finding';
import type { RemediationParams } from './remediation';
import {
  defineRemediation,
  evidenceString,
  field,
  nonEmptyString,
  notFixed,
  ok,
  optionalStringArray,
  RemediationPlanError,
  requireRegion,
} from './remediation';

/**
 * Creates the free S3 and DynamoDB gateway endpoints in a VPC and attaches them to the VPC's route
 * tables, so that traffic to those services stops paying NAT gateway data processing.
 * Evidence: `vpcId` (required), `routeTableIds` (optional string[]; when absent, `prepare` lists the
 * VPC's route tables), `missingServices` (optional, subset of ['s3', 'dynamodb']; default both).
 * The region comes from `finding.resource.region`.
 * `writeInputs`: the remediation role may create endpoints in any VPC, so the executor accepts only
 * `VpcId`, a `Gateway` endpoint for `com.amazonaws.<region>.s3` or `.dynamodb`, and its
 * `RouteTableIds` (never an Interface or other endpoint type, another service, a `PolicyDocument`,
 * subnets, security groups or tags): the endpoint gets the default full-access policy, as planned.
 */
const ID = 'vpc-create-gateway-endpoints';
const SERVICES = ['s3', 'dynamodb'] as const;

function services(finding: Finding): string[] {
  const listed =
    optionalStringArray(finding, 'missingServices') ??
    optionalStringArray(finding, 'missingEndpoints') ??
    optionalStringArray(finding, 'missingGatewayEndpoints');
  if (!listed) return [...SERVICES];
  const bad = listed.filter((s) => !(SERVICES as readonly string[]).includes(s));
  if (bad.length > 0) {
    throw new RemediationPlanError(
      ID,
      `missingServices may only name s3 and dynamodb, not ${bad.join(', ')}`,
      ['missingServices'],
    );
  }
  return listed;
}

function routeTables(finding: Finding, params: RemediationParams): string[] {
  const fromEvidence = optionalStringArray(finding, 'routeTableIds');
  if (fromEvidence) return fromEvidence;
  const listed = field(params.prepared?.[0], 'RouteTables');
  const ids = Array.isArray(listed)
    ? listed.map((t) => field(t, 'RouteTableId')).filter((id): id is string => typeof id === 'string')
    : [];
  if (ids.length === 0) {
    throw new RemediationPlanError(ID, 'no route table ids in the evidence or in the prepared read', [
      'routeTableIds',
    ]);
  }
  return ids;
}

export default defineRemediation({
  id: ID,
  title: 'Create S3 and DynamoDB gateway endpoints in the VPC',
  destructive: false,
  writeActions: ['ec2:CreateVpcEndpoint'],
  readActions: ['ec2:DescribeRouteTables', 'ec2:DescribeVpcEndpoints'],
  writeInputs: {
    CreateVpcEndpoint: z.strictObject({
      VpcId: nonEmptyString(),
      ServiceName: z.string().check(z.regex(/^com\.amazonaws\.[a-z]{2}(-[a-z]+)+-\d\.(s3|dynamodb)$/)),
      VpcEndpointType: z.literal('Gateway'),
      RouteTableIds: z.array(nonEmptyString()).check(z.minLength(1)),
    }),
  },
  evidenceKeys: ['vpcId', 'routeTableIds', 'missingServices', 'missingEndpoints', 'missingGatewayEndpoints'],
  prepare(finding): PlannedCall[] {
    if (optionalStringArray(finding, 'routeTableIds')) return [];
    const vpcId = evidenceString(ID, finding, 'vpcId');
    return [
      {
        service: 'EC2',
        operation: 'DescribeRouteTables',
        input: { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
        iamAction: 'ec2:DescribeRouteTables',
      },
    ];
  },
  plan(finding, params) {
    const vpcId = evidenceString(ID, finding, 'vpcId');
    const region = requireRegion(ID, finding);
    const tables = routeTables(finding, params);
    return services(finding).map((service) => ({
      service: 'EC2',
      operation: 'CreateVpcEndpoint',
      input: {
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${region}.${service}`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: tables,
      },
      iamAction: 'ec2:CreateVpcEndpoint',
    }));
  },
  verify: {
    read(finding) {
      const vpcId = evidenceString(ID, finding, 'vpcId');
      return [
        {
          service: 'EC2',
          operation: 'DescribeVpcEndpoints',
          input: { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
          iamAction: 'ec2:DescribeVpcEndpoints',
        },
      ];
    },
    check([output], finding) {
      const region = requireRegion(ID, finding);
      const endpoints = field(output, 'VpcEndpoints');
      const list = Array.isArray(endpoints) ? endpoints : [];
      const missing = services(finding).filter(
        (service) =>
          !list.some(
            (e) =>
              field(e, 'ServiceName') === `com.amazonaws.${region}.${service}` &&
              field(e, 'VpcEndpointType') === 'Gateway' &&
              !['deleted', 'deleting', 'failed', 'rejected'].includes(
                String(field(e, 'State')).toLowerCase(),
              ),
          ),
      );
      return missing.length === 0
        ? ok('S3 and DynamoDB gateway endpoints exist in the VPC')
        : notFixed(`No gateway endpoint for ${missing.join(', ')}`);
    },
  },
});
