import type { ResourceRef } from '../rulebook/model/resource';

/**
 * AWS console deep link for a resource, per type; other types fall back to a Resource Explorer
 * search for the resource id. Templates (no region, no account) get no link.
 */
export function consoleUrl(resource: ResourceRef): string | undefined {
  const r = resource.region && resource.region !== 'global' ? resource.region : undefined;
  const id = encodeURIComponent(resource.id);
  const name = encodeURIComponent(resource.name ?? resource.id);
  const regional = (service: string, fragment: string) =>
    r ? `https://${r}.console.aws.amazon.com/${service}/home?region=${r}#${fragment}` : undefined;
  if (resource.location && !resource.accountId) return undefined;
  switch (resource.type) {
    case 'AWS::S3::Bucket':
      return `https://s3.console.aws.amazon.com/s3/buckets/${name}${r ? `?region=${r}` : ''}`;
    case 'AWS::EC2::SecurityGroup':
      return regional('ec2', `SecurityGroup:groupId=${id}`);
    case 'AWS::EC2::Instance':
      return regional('ec2', `InstanceDetails:instanceId=${id}`);
    case 'AWS::EC2::Volume':
      return regional('ec2', `VolumeDetails:volumeId=${id}`);
    case 'AWS::EC2::EIP':
      return regional('ec2', `ElasticIpDetails:AllocationId=${id}`);
    case 'AWS::EC2::VPC':
      return regional('vpcconsole', `VpcDetails:VpcId=${id}`);
    case 'AWS::EC2::NatGateway':
      return regional('vpcconsole', `NatGatewayDetails:natGatewayId=${id}`);
    case 'AWS::EC2::VPCEndpoint':
      return regional('vpcconsole', `EndpointDetails:vpcEndpointId=${id}`);
    case 'AWS::CloudTrail::Trail':
      return regional('cloudtrailv2', `/trails/${encodeURIComponent(resource.arn ?? resource.id)}`);
    case 'AWS::KMS::Key':
      return regional('kms', `/kms/keys/${id}`);
    case 'AWS::RDS::DBInstance':
      return regional('rds', `database:id=${name};is-cluster=false`);
    case 'AWS::RDS::DBCluster':
      return regional('rds', `database:id=${name};is-cluster=true`);
    case 'AWS::Lambda::Function':
      return regional('lambda', `/functions/${name}`);
    case 'AWS::DynamoDB::Table':
      return regional('dynamodbv2', `table?name=${name}`);
    case 'AWS::IAM::Role':
      return `https://console.aws.amazon.com/iam/home#/roles/details/${name}`;
    case 'AWS::IAM::User':
      return `https://console.aws.amazon.com/iam/home#/users/details/${name}`;
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
      return resource.arn
        ? `https://console.aws.amazon.com/iam/home#/policies/details/${encodeURIComponent(resource.arn)}`
        : undefined;
    case 'AWS::::Account':
      return 'https://console.aws.amazon.com/billing/home#/account';
    default:
      return r
        ? `https://${r}.console.aws.amazon.com/resource-explorer/home?region=${r}#/search?query=${encodeURIComponent(resource.arn ?? resource.id)}`
        : undefined;
  }
}
