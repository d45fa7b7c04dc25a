import type { Ec2Vpc } from '../../model/resources/ec2-vpc';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asBoolean, asString } from '../values';

export default defineNormalizer<Ec2Vpc>({
  resourceType: 'AWS::EC2::VPC',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::VPC.properties.json (no flow-log field).
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::VPC' as const,
      vpcId: asString(c.vpcId) ?? item.resourceId,
      cidrBlock: asString(c.cidrBlock),
      ...(asBoolean(c.isDefault) === true ? { isDefault: true } : {}),
      flowLogs: undefined,
    });
  },

  // Property names: AWS::EC2::VPC; flow logs are AWS::EC2::FlowLog resources whose ResourceId names the VPC.
  fromCloudFormation(resource, scope) {
    const flowLogs = scope.referencing('AWS::EC2::FlowLog', 'ResourceId', resource.logicalId);
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::VPC' as const,
      vpcId: undefined,
      cidrBlock: asString(resource.properties.CidrBlock),
      flowLogs: flowLogs.length > 0,
    });
  },
});
