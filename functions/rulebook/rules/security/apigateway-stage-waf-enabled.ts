import { fail, pass, unknown } from '../../model/evaluation';
import type { ApiGatewayStage } from '../../model/resources/apigateway-stage';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'apigateway-stage-waf-enabled',
  title: 'API Gateway REST API stages are protected by AWS WAF',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ApiGateway::Stage'] },
  source: {
    seed: '000',
    section: 'Security References / 3. Network Security (Add WAF/Shield for public-facing endpoints)',
  },
  rationale:
    'A REST API stage is a public endpoint; a WAF web ACL blocks common exploits and floods before they ' +
    'invoke (and bill) the Lambda functions behind it (seed 001 "Lambda Function with API Gateway").',
  recommendation:
    'Associate an AWS WAFv2 regional web ACL with the stage (AWS::WAFv2::WebACLAssociation with ResourceArn ' +
    'arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>), with AWS managed rule groups and a ' +
    'rate-based rule. HTTP APIs (API Gateway v2) cannot use WAF directly: front them with CloudFront and WAF.',
  expectedImpact: 'Common web attacks and request floods are stopped before they reach the API.',
  references: { securityHub: ['APIGateway.4'], configRules: ['API_GW_ASSOCIATED_WITH_WAF'] },
  evaluate(stage: ApiGatewayStage) {
    if (stage.wafWebAcl instanceof Unknown)
      return unknown('The WAF association is not known', stage.wafWebAcl);
    if (stage.wafWebAcl) return pass('A WAF web ACL is associated with the stage');
    return fail(
      `Stage ${typeof stage.stageName === 'string' ? stage.stageName : stage.id} has no WAF web ACL`,
      {
        stageName: stage.stageName,
        restApiId: stage.restApiId,
      },
    );
  },
});
