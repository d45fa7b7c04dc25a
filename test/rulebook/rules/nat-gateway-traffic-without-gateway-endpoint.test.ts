import { describe, expect, it } from 'vitest';
import { evaluateSubject, RuleBook, toFinding } from '../../../functions/rulebook/engine';
import { Inventory } from '../../../functions/rulebook/inventory';
import type { ResourceBase } from '../../../functions/rulebook/model/resource';
import { Unknown } from '../../../functions/rulebook/model/unknown';
import {
  PartialString,
  ResourceReference,
} from '../../../functions/rulebook/normalizers/cloudformation/reference';
import rule from '../../../functions/rulebook/rules/cost-optimization/nat-gateway-traffic-without-gateway-endpoint';
import { anomalyFrom } from '../../support/activity-harness';
import { runOnCost } from '../../support/rule-harness';

const FIXTURE = 'events/ce-anomaly-detected.json';
const ACCOUNT = '111122223333';

/** Built by hand to the contract of the NAT gateway / VPC endpoint models (another helper owns them). */
function natGateway(id: string, vpcId: unknown, extra: Partial<ResourceBase> = {}): ResourceBase {
  return {
    type: 'AWS::EC2::NatGateway',
    id,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    source: 'config',
    tags: {},
    vpcId,
    subnetId: 'subnet-0a1b2c3d4e5f60001',
    ...extra,
  } as ResourceBase;
}
function endpoint(
  id: string,
  vpcId: unknown,
  serviceName: unknown,
  endpointType: unknown = 'Gateway',
): ResourceBase {
  return {
    type: 'AWS::EC2::VPCEndpoint',
    id,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    source: 'config',
    tags: {},
    vpcId,
    serviceName,
    endpointType,
    routeTableIds: ['rtb-0a1b2c3d4e5f60001'],
  } as ResourceBase;
}
const s3 = (vpc: string) => endpoint(`vpce-s3-${vpc}`, vpc, 'com.amazonaws.eu-west-1.s3');
const ddb = (vpc: string) => endpoint(`vpce-ddb-${vpc}`, vpc, 'com.amazonaws.eu-west-1.dynamodb');

describe('nat-gateway-traffic-without-gateway-endpoint', () => {
  it('names the NAT gateway and VPC lacking gateway endpoints, with the dollar impact', () => {
    const result = runOnCost(rule, anomalyFrom(FIXTURE), {
      inventory: [natGateway('nat-0a1b2c3d4e5f60718', 'vpc-0a1b2c3d')],
      inventoryComplete: true,
    });
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'NAT gateway nat-0a1b2c3d4e5f60718 in VPC vpc-0a1b2c3d (account 111122223333, eu-west-1) is behind $412.37 of NAT data ' +
        'processing in cost anomaly 8f2a6c1e-4b3d-4a9e-9c7f-5e1d2b3a4c6f ($471.63 total, +359%); the VPC has no S3 or ' +
        'DynamoDB gateway endpoint, so that traffic pays NAT data processing',
    );
    expect(result.resource).toEqual({
      type: 'AWS::EC2::NatGateway',
      id: 'nat-0a1b2c3d4e5f60718',
      accountId: ACCOUNT,
      region: 'eu-west-1',
    });
    expect(result.severity).toBe('high');
    expect(result.evidence).toMatchObject({
      vpcId: 'vpc-0a1b2c3d',
      missingGatewayEndpoints: ['S3', 'DynamoDB'],
      natDataProcessingUsd: 412.37,
    });
    expect(rule.remediation).toBe('vpc-create-gateway-endpoints');
  });

  it.each<[string, ResourceBase[], string, string[]?]>([
    [
      'S3 endpoint present, DynamoDB missing',
      [natGateway('nat-1', 'vpc-a'), s3('vpc-a')],
      'fail',
      ['DynamoDB'],
    ],
    ['both present', [natGateway('nat-1', 'vpc-a'), s3('vpc-a'), ddb('vpc-a')], 'not-applicable'],
    [
      'endpoints in another VPC do not count',
      [natGateway('nat-1', 'vpc-a'), s3('vpc-b'), ddb('vpc-b')],
      'fail',
      ['S3', 'DynamoDB'],
    ],
    [
      'an interface endpoint for S3 is not a gateway endpoint',
      [
        natGateway('nat-1', 'vpc-a'),
        endpoint('vpce-i', 'vpc-a', 'com.amazonaws.eu-west-1.s3', 'Interface'),
        ddb('vpc-a'),
      ],
      'fail',
      ['S3'],
    ],
    [
      'template: same !Ref Vpc and !Sub service name ending in .s3 / .dynamodb',
      [
        natGateway('NatGateway', new ResourceReference('Vpc'), {
          accountId: undefined,
          region: undefined,
          source: 'cloudformation',
        }),
        endpoint(
          'S3Endpoint',
          new ResourceReference('Vpc'),
          new PartialString(['com.amazonaws.', new Unknown('AWS::Region'), '.s3']),
        ),
        endpoint(
          'DdbEndpoint',
          new ResourceReference('Vpc'),
          new PartialString(['com.amazonaws.', new Unknown('AWS::Region'), '.dynamodb']),
        ),
      ],
      'not-applicable',
    ],
    [
      'template: a service name hidden behind a parameter is unknown',
      [
        natGateway('NatGateway', new ResourceReference('Vpc'), { accountId: undefined, region: undefined }),
        endpoint('S3Endpoint', new ResourceReference('Vpc'), new Unknown('Ref ServiceName')),
        endpoint('DdbEndpoint', new ResourceReference('Vpc'), 'com.amazonaws.eu-west-1.dynamodb'),
      ],
      'unknown',
    ],
    [
      'a NAT gateway of another account is out of scope',
      [natGateway('nat-x', 'vpc-a', { accountId: '444455556666' })],
      'fail',
    ],
  ])('%s -> %s', (_name, inventory, expected, missing) => {
    const result = runOnCost(rule, anomalyFrom(FIXTURE), { inventory, inventoryComplete: true });
    expect(result.status).toBe(expected);
    if (missing) expect(result.evidence?.missingGatewayEndpoints).toEqual(missing);
  });

  it('without an inventory it still files one finding: gateway endpoints are the likely fix, VPC unknown', () => {
    const result = runOnCost(rule, anomalyFrom(FIXTURE));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('$412.37 of NAT data processing');
    expect(result.message).toContain('the VPC is unknown; S3 and DynamoDB gateway endpoints');
    expect(result.resource).toEqual({
      type: 'AWS::::Account',
      id: ACCOUNT,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      name: 'acme-prod-workloads',
    });
  });

  it('two gateways lacking endpoints: one finding naming the first, evidence listing both', () => {
    const result = runOnCost(rule, anomalyFrom(FIXTURE), {
      inventory: [natGateway('nat-b', 'vpc-b'), natGateway('nat-a', 'vpc-a'), s3('vpc-c')],
    });
    expect(result.resource?.id).toBe('nat-a');
    expect(result.message).toContain('(and 1 more NAT gateway(s) in the same situation)');
    expect(result.evidence?.natGateways).toHaveLength(2);
  });

  it('no NAT root cause: not applicable', () => {
    const anomaly = anomalyFrom(FIXTURE, (d) => {
      d.rootCauses = [
        {
          service: 'Amazon S3',
          usageType: 'EU-Requests-Tier1',
          region: 'eu-west-1',
          impact: { contribution: 10 },
        },
      ];
    });
    expect(runOnCost(rule, anomaly).status).toBe('not-applicable');
  });

  it('the finding is filed under the linked account and Region, not the payer', () => {
    const book = new RuleBook([rule]);
    const inventory = new Inventory([natGateway('nat-1', 'vpc-a')], { complete: true });
    const [result] = evaluateSubject(anomalyFrom(FIXTURE), book, { inventory });
    const finding = toFinding(result!, book);
    expect(finding?.resource).toMatchObject({ accountId: ACCOUNT, region: 'eu-west-1', id: 'nat-1' });
  });

  it.each<[string, ResourceBase[], boolean]>([
    ['a NAT gateway in a known VPC', [natGateway('nat-1', 'vpc-a')], true],
    ['no NAT gateway in the inventory (VPC unknown)', [], false],
    ['a NAT gateway whose VPC is unresolved', [natGateway('nat-1', new Unknown('Ref VpcId'))], false],
  ])('offers the gateway-endpoint fix only when the VPC is known: %s', (_, gateways, offered) => {
    const book = new RuleBook([rule]);
    const inventory = new Inventory(gateways, { complete: true });
    const [result] = evaluateSubject(anomalyFrom(FIXTURE), book, { inventory });
    const finding = toFinding(result!, book);
    expect(finding?.ruleId).toBe(rule.id);
    expect(finding?.remediation).toBe(offered ? 'vpc-create-gateway-endpoints' : undefined);
    expect(result!.evaluation.withoutFix === undefined).toBe(offered);
  });
});
