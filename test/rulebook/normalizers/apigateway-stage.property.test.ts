import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('apigateway-stage normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::ApiGateway::Stage',
    configItem: networkItem('config-ci-apigateway-stage.json'),
    logicalId: 'Stage',
    template: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders' } },
      Stage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod', DeploymentId: 'd1' },
      },
      Assoc: {
        Type: 'AWS::WAFv2::WebACLAssociation',
        Properties: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
          ResourceArn: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}' },
          WebACLArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api/1',
        },
      },
    },
  });
});
