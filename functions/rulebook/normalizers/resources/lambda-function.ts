import type { LambdaFunction } from '../../model/resources/lambda-function';
import { type Maybe, Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asNumber, asRecord, asString, get } from '../values';

/** Lambda's defaults when a template leaves the property out (AWS::Lambda::Function reference). */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_S = 3;
const CONFIG_HAS_NO_ENVIRONMENT = new Unknown('the AWS Config item does not list environment variables');

export default defineNormalizer<LambdaFunction>({
  resourceType: 'AWS::Lambda::Function',

  // Field names: awslabs/aws-config-resource-schema AWS::Lambda::Function.properties.json and the
  // awslabs/aws-config-rdk example item (memorySize, timeout, tracingConfig.mode, architectures).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const environment = get(c, 'environment');
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::Lambda::Function' as const,
      runtime: asString(c.runtime),
      packageType: packageType(asString(c.packageType)),
      memorySize: asNumber(c.memorySize) ?? DEFAULT_MEMORY_MB,
      timeout: asNumber(c.timeout) ?? DEFAULT_TIMEOUT_S,
      architectures: architectures(c.architectures),
      tracingMode: asString(get(c, 'tracingConfig', 'mode')) ?? 'PassThrough',
      environment:
        environment === undefined || environment === null
          ? CONFIG_HAS_NO_ENVIRONMENT
          : variables(get(environment, 'variables')),
    });
  },

  // Property names: AWS::Lambda::Function in the CloudFormation template reference.
  fromCloudFormation(resource) {
    const p = resource.properties;
    const memory = asNumber(p.MemorySize);
    const timeout = asNumber(p.Timeout);
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::Lambda::Function' as const,
      runtime: asString(p.Runtime),
      packageType: packageType(asString(p.PackageType)),
      memorySize: memory ?? DEFAULT_MEMORY_MB,
      ...(memory === undefined ? { memorySizeIsDefault: true } : {}),
      timeout: timeout ?? DEFAULT_TIMEOUT_S,
      ...(timeout === undefined ? { timeoutIsDefault: true } : {}),
      architectures: architectures(p.Architectures),
      tracingMode: asString(get(p, 'TracingConfig', 'Mode')) ?? 'PassThrough',
      environment: variables(get(p, 'Environment', 'Variables')),
    });
  },
});

function packageType(value: Maybe<string> | undefined): LambdaFunction['packageType'] {
  if (value instanceof Unknown) return value;
  return value === 'Image' ? 'Image' : 'Zip';
}

function architectures(raw: unknown): Maybe<string[]> {
  const list = asArray(raw);
  if (list instanceof Unknown) return list;
  if (!list || list.length === 0) return ['x86_64'];
  const out: string[] = [];
  for (const item of list) {
    const value = asString(item);
    if (value instanceof Unknown) return value;
    if (value !== undefined) out.push(value);
  }
  return out;
}

function variables(raw: unknown): LambdaFunction['environment'] {
  const map = asRecord(raw);
  if (map instanceof Unknown) return map;
  const out: Record<string, Maybe<string>> = {};
  for (const [name, value] of Object.entries(map ?? {})) {
    const text = asString(value);
    if (text !== undefined) out[name] = text;
  }
  return out;
}
