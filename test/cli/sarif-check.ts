/**
 * A small structural check of SARIF 2.1.0 (OASIS sarif-schema-2.1.0.json): the required properties,
 * the enumerations this tool uses, and no property the schema does not define on the objects we
 * write (the schema sets `additionalProperties: false` on them).
 */
const ALLOWED: Record<string, string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: [
    'tool',
    'invocations',
    'conversion',
    'language',
    'versionControlProvenance',
    'originalUriBaseIds',
    'artifacts',
    'logicalLocations',
    'graphs',
    'results',
    'automationDetails',
    'runAggregates',
    'baselineGuid',
    'redactionTokens',
    'defaultEncoding',
    'defaultSourceLanguage',
    'newlineSequences',
    'columnKind',
    'externalPropertyFileReferences',
    'threadFlowLocations',
    'taxonomies',
    'addresses',
    'translations',
    'policies',
    'webRequests',
    'webResponses',
    'specialLocations',
    'properties',
  ],
  tool: ['driver', 'extensions', 'properties'],
  driver: [
    'guid',
    'name',
    'organization',
    'product',
    'productSuite',
    'shortDescription',
    'fullDescription',
    'fullName',
    'version',
    'semanticVersion',
    'dottedQuadFileVersion',
    'releaseDateUtc',
    'downloadUri',
    'informationUri',
    'globalMessageStrings',
    'notifications',
    'rules',
    'taxa',
    'locations',
    'language',
    'contents',
    'isComprehensive',
    'localizedDataSemanticVersion',
    'minimumRequiredLocalizedDataSemanticVersion',
    'associatedComponent',
    'translationMetadata',
    'supportedTaxonomies',
    'properties',
  ],
  rule: [
    'id',
    'deprecatedIds',
    'guid',
    'deprecatedGuids',
    'name',
    'deprecatedNames',
    'shortDescription',
    'fullDescription',
    'messageStrings',
    'defaultConfiguration',
    'helpUri',
    'help',
    'relationships',
    'properties',
  ],
  result: [
    'ruleId',
    'ruleIndex',
    'rule',
    'kind',
    'level',
    'message',
    'analysisTarget',
    'locations',
    'guid',
    'correlationGuid',
    'occurrenceCount',
    'partialFingerprints',
    'fingerprints',
    'stacks',
    'codeFlows',
    'graphs',
    'graphTraversals',
    'relatedLocations',
    'suppressions',
    'baselineState',
    'rank',
    'attachments',
    'hostedViewerUri',
    'workItemUris',
    'provenance',
    'fixes',
    'taxa',
    'webRequest',
    'webResponse',
    'properties',
  ],
  location: [
    'id',
    'physicalLocation',
    'logicalLocations',
    'message',
    'annotations',
    'relationships',
    'properties',
  ],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: [
    'startLine',
    'startColumn',
    'endLine',
    'endColumn',
    'charOffset',
    'charLength',
    'byteOffset',
    'byteLength',
    'snippet',
    'message',
    'sourceLanguage',
    'properties',
  ],
  suppression: ['guid', 'kind', 'status', 'justification', 'location', 'properties'],
  invocation: [
    'executionSuccessful',
    'toolExecutionNotifications',
    'toolConfigurationNotifications',
    'commandLine',
    'arguments',
    'startTimeUtc',
    'endTimeUtc',
    'exitCode',
    'workingDirectory',
    'properties',
  ],
  notification: [
    'locations',
    'message',
    'level',
    'threadId',
    'timeUtc',
    'exception',
    'descriptor',
    'associatedRule',
    'properties',
  ],
  logicalLocation: [
    'name',
    'index',
    'fullyQualifiedName',
    'decoratedName',
    'parentIndex',
    'kind',
    'properties',
  ],
};

const LEVELS = ['none', 'note', 'warning', 'error'];
const SUPPRESSION_KINDS = ['inSource', 'external'];

type Obj = Record<string, unknown>;

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const obj = (value: unknown, path: string, kind: keyof typeof ALLOWED): Obj | undefined => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path}: not an object`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!ALLOWED[kind]!.includes(key)) problems.push(`${path}.${key}: not a ${kind} property`);
    }
    return value as Obj;
  };
  const message = (value: unknown, path: string) => {
    const m = value as Obj | undefined;
    if (typeof m?.text !== 'string' && typeof m?.id !== 'string')
      problems.push(`${path}: message needs text or id`);
  };
  const l = obj(log, '$', 'log');
  if (!l) return problems;
  if (l.version !== '2.1.0') problems.push('$.version: must be "2.1.0"');
  if (typeof l.$schema !== 'string') problems.push('$.$schema: missing');
  if (!Array.isArray(l.runs)) return [...problems, '$.runs: required array'];
  l.runs.forEach((r, ri) => {
    const run = obj(r, `$.runs[${ri}]`, 'run');
    const tool = obj(run?.tool, `$.runs[${ri}].tool`, 'tool');
    const driver = obj(tool?.driver, `$.runs[${ri}].tool.driver`, 'driver');
    if (typeof driver?.name !== 'string') problems.push(`$.runs[${ri}].tool.driver.name: required`);
    const rules = (driver?.rules ?? []) as unknown[];
    rules.forEach((d, di) => {
      const path = `$.runs[${ri}].tool.driver.rules[${di}]`;
      const rule = obj(d, path, 'rule');
      if (typeof rule?.id !== 'string') problems.push(`${path}.id: required`);
      for (const key of ['shortDescription', 'fullDescription', 'help'] as const) {
        if (rule?.[key] !== undefined && typeof (rule[key] as Obj).text !== 'string') {
          problems.push(`${path}.${key}.text: required string`);
        }
      }
    });
    ((run?.invocations ?? []) as unknown[]).forEach((inv, ii) => {
      const invocation = obj(inv, `$.runs[${ri}].invocations[${ii}]`, 'invocation');
      if (typeof invocation?.executionSuccessful !== 'boolean')
        problems.push(`$.runs[${ri}].invocations[${ii}].executionSuccessful: required boolean`);
      ((invocation?.toolExecutionNotifications ?? []) as unknown[]).forEach((n, ni) => {
        const path = `$.runs[${ri}].invocations[${ii}].toolExecutionNotifications[${ni}]`;
        message(obj(n, path, 'notification')?.message, `${path}.message`);
      });
    });
    ((run?.results ?? []) as unknown[]).forEach((x, xi) => {
      const path = `$.runs[${ri}].results[${xi}]`;
      const result = obj(x, path, 'result');
      if (!result) return;
      message(result.message, `${path}.message`);
      if (result.level !== undefined && !LEVELS.includes(result.level as string))
        problems.push(`${path}.level: bad`);
      ((result.suppressions ?? []) as unknown[]).forEach((sup, si) => {
        const suppression = obj(sup, `${path}.suppressions[${si}]`, 'suppression');
        if (!SUPPRESSION_KINDS.includes(suppression?.kind as string))
          problems.push(`${path}.suppressions[${si}].kind: required, inSource or external`);
      });
      if (typeof result.ruleIndex === 'number') {
        const target = rules[result.ruleIndex] as Obj | undefined;
        if (target?.id !== result.ruleId)
          problems.push(`${path}.ruleIndex: does not point at rule ${result.ruleId}`);
      }
      ((result.locations ?? []) as unknown[]).forEach((loc, li) => {
        const lp = `${path}.locations[${li}]`;
        const location = obj(loc, lp, 'location');
        if (location?.physicalLocation !== undefined) {
          const physical = obj(location.physicalLocation, `${lp}.physicalLocation`, 'physicalLocation');
          if (physical?.artifactLocation !== undefined) {
            obj(physical.artifactLocation, `${lp}.physicalLocation.artifactLocation`, 'artifactLocation');
          }
          if (physical?.region !== undefined) {
            const region = obj(physical.region, `${lp}.physicalLocation.region`, 'region');
            const start = region?.startLine;
            if (start !== undefined && !(Number.isInteger(start) && (start as number) >= 1)) {
              problems.push(`${lp}.physicalLocation.region.startLine: must be an integer >= 1`);
            }
          }
        }
        ((location?.logicalLocations ?? []) as unknown[]).forEach((ll, lli) => {
          obj(ll, `${lp}.logicalLocations[${lli}]`, 'logicalLocation');
        });
      });
    });
  });
  return problems;
}
