import type { Ec2FlowLog } from '../../model/resources/ec2-flow-log';
import { Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asString } from '../values';

export default defineNormalizer<Ec2FlowLog>({
  resourceType: 'AWS::EC2::FlowLog',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::FlowLog.properties.json
  // (resourceId, flowLogStatus, trafficType).
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::FlowLog' as const,
      resourceId: asString(c.resourceId) ?? new Unknown('the flow log names no resource'),
      status: asString(c.flowLogStatus),
      trafficType: asString(c.trafficType),
    });
  },

  // Property names: AWS::EC2::FlowLog (ResourceId, ResourceType, TrafficType).
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::FlowLog' as const,
      resourceId: asString(p.ResourceId) ?? new Unknown('flow log without ResourceId'),
      trafficType: asString(p.TrafficType),
    });
  },
});
