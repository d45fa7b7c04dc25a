import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/apigateway-stage-waf-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('apigateway-stage-waf-enabled', () => {
  describe('Config item', () => {
    it('fails for the fixture stage without webAclArn', () => {
      const result = runOnConfigItem(rule, networkItem('config-ci-apigateway-stage.json'));
      expect(result.status).toBe('fail');
      expect(result.evidence).toEqual({ stageName: 'prod', restApiId: 'a1b2c3d4e5' });
    });
    it('passes with webAclArn', () => {
      const item = networkItem('config-ci-apigateway-stage.json');
      item.configuration.webAclArn =
        'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
      expect(runOnConfigItem(rule, item).status).toBe('pass');
    });
  });

  describe('CloudFormation', () => {
    const association = (resourceArn: unknown) => ({
      Type: 'AWS::WAFv2::WebACLAssociation',
      Properties: { ResourceArn: resourceArn, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } },
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
    const byReference = { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}' };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
    const byName = { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod' };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
    const otherApi = { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${OtherApi}/stages/prod' };
    const cases = [
      { name: 'no association', extra: {}, status: 'fail' },
      {
        name: 'association by !Sub naming the API and the stage',
        extra: { Assoc: association(byReference) },
        status: 'pass',
      },
      {
        name: 'association by !Sub with the literal stage name',
        extra: { Assoc: association(byName) },
        status: 'pass',
      },
      { name: 'association for another API', extra: { Assoc: association(otherApi) }, status: 'fail' },
      {
        name: 'association ARN from a parameter',
        extra: { Assoc: association({ Ref: 'Arn' }) },
        status: 'unknown',
      },
    ] as const;
    it.each(cases)('$name -> $status', ({ extra, status }) => {
      const template = {
        Parameters: { Arn: { Type: 'String' } },
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders' } },
          OtherApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'other' } },
          Stage: {
            Type: 'AWS::ApiGateway::Stage',
            Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod', DeploymentId: 'd1' },
          },
          ...extra,
        },
      };
      expect(runOnTemplate(rule, template, 'Stage').status).toBe(status);
    });
  });
});
