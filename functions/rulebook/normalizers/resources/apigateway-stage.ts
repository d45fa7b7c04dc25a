import type { ApiGatewayStage } from '../../model/resources/apigateway-stage';
import { type Maybe, Unknown } from '../../model/unknown';
import { PartialString, ResourceReference } from '../cloudformation/reference';
import {
  baseFromCloudFormation,
  baseFromConfigItem,
  type CfnResource,
  defineNormalizer,
  type TemplateScope,
} from '../normalizer';
import { asString } from '../values';

export default defineNormalizer<ApiGatewayStage>({
  resourceType: 'AWS::ApiGateway::Stage',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::WAFv2::WebACLAssociation'],

  // Field names: awslabs/aws-config-resource-schema AWS::ApiGateway::Stage.properties.json
  // (stageName, webAclArn); the REST API id is in the ARN `arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>`.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const webAclArn = asString(c.webAclArn);
    const restApiId = item.ARN?.match(RESTAPI_IN_ARN)?.[1];
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::ApiGateway::Stage' as const,
      stageName: asString(c.stageName) ?? item.resourceName,
      restApiId,
      wafWebAcl: webAclArn instanceof Unknown ? webAclArn : typeof webAclArn === 'string' && webAclArn !== '',
      ...(typeof webAclArn === 'string' && webAclArn !== '' ? { webAclArn } : {}),
    });
  },

  // Property names: AWS::ApiGateway::Stage (StageName, RestApiId); AWS::WAFv2::WebACLAssociation (ResourceArn).
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::ApiGateway::Stage' as const,
      ...(typeof p.StageName === 'string' ? { name: p.StageName } : {}),
      stageName: asString(p.StageName),
      restApiId: asString(p.RestApiId),
      wafWebAcl: associatedInTemplate(resource, scope),
    });
  },
});

const RESTAPI_IN_ARN = /\/restapis\/([^/]+)\//;

/** Does a WebACLAssociation's ResourceArn name this stage? Unknown when an ARN is opaque. */
function associatedInTemplate(stage: CfnResource, scope: TemplateScope): Maybe<boolean> {
  const stageName = stage.properties.StageName;
  const api = stage.properties.RestApiId;
  let hidden: Unknown | undefined;
  for (const association of scope.ofType('AWS::WAFv2::WebACLAssociation')) {
    const arn = association.properties.ResourceArn;
    const names = namesStage(arn, stage.logicalId, stageName, api);
    if (names === true) return true;
    if (names instanceof Unknown) hidden ??= names;
  }
  return hidden ?? false;
}

function namesStage(arn: unknown, stageLogicalId: string, stageName: unknown, api: unknown): Maybe<boolean> {
  if (typeof arn === 'string') {
    // A literal ARN names an API that exists before deploy, so a stage of a template API only by its literal id.
    return (
      typeof api === 'string' &&
      typeof stageName === 'string' &&
      arn.includes(`/restapis/${api}/stages/${stageName}`)
    );
  }
  if (!(arn instanceof PartialString)) {
    // `!Ref Param` / `!ImportValue`: could be any resource. A reference to another resource is not a stage ARN.
    return arn instanceof Unknown && !(arn instanceof ResourceReference) ? arn : false;
  }
  const text = arn.parts.filter((p): p is string => typeof p === 'string').join('|');
  const refs = arn.parts
    .filter((p): p is ResourceReference => p instanceof ResourceReference)
    .map((p) => p.logicalId);
  const apiMatches =
    (api instanceof ResourceReference && refs.includes(api.logicalId)) ||
    (typeof api === 'string' && text.includes(`/restapis/${api}/`));
  const stageMatches =
    refs.includes(stageLogicalId) || (typeof stageName === 'string' && text.includes(`/stages/${stageName}`));
  if (apiMatches && stageMatches) return true;
  if (apiMatches && stageName instanceof Unknown) return stageName;
  if (!apiMatches && refs.length > 0) return false; // names another resource of the template
  const opaque = arn.parts.find((p) => p instanceof Unknown && !(p instanceof ResourceReference));
  return opaque instanceof Unknown && (text === '' || text.includes('/restapis/')) && !apiMatches
    ? opaque
    : false;
}
