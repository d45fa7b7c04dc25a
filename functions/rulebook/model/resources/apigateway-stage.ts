import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/** A REST API stage (API Gateway v1). HTTP API stages (ApiGatewayV2) cannot carry a WAF web ACL. */
export interface ApiGatewayStage extends ResourceBase {
  type: 'AWS::ApiGateway::Stage';
  stageName: Maybe<string> | undefined;
  restApiId: Maybe<string> | undefined;
  /**
   * Is a WAF web ACL associated? Config items: `webAclArn` is set. Templates: an
   * `AWS::WAFv2::WebACLAssociation` whose `ResourceArn` names this stage (usually a `!Sub` of
   * `arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}`).
   */
  wafWebAcl: Maybe<boolean>;
  webAclArn?: string;
}
