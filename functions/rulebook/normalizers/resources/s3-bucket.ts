import { parsePolicyDocument } from '../../model/policy-document';
import type {
  S3Bucket,
  S3Encryption,
  S3LifecycleRule,
  S3PublicAccessBlock,
} from '../../model/resources/s3-bucket';
import { type Maybe, Unknown } from '../../model/unknown';
import { supplementary } from '../config-item';
import {
  baseFromCloudFormation,
  baseFromConfigItem,
  type CfnResource,
  defineNormalizer,
  type TemplateScope,
} from '../normalizer';
import { asArray, asBoolean, asRecord, asString, field, get } from '../values';

/** S3 default since April 2023 for buckets created without an explicit configuration. */
const S3_NEW_BUCKET_DEFAULT_PAB: S3PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const ABSENT_PAB: S3PublicAccessBlock = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

const SSE_S3_DEFAULT: S3Encryption = { algorithm: 'AES256', implicitDefault: true };

export default defineNormalizer<S3Bucket>({
  resourceType: 'AWS::S3::Bucket',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::S3::BucketPolicy'],

  // Field names: awslabs/aws-config-resource-schema AWS::S3::Bucket.properties.json
  fromConfigItem(item, source) {
    const pab = asRecord(supplementary(item, 'PublicAccessBlockConfiguration'));
    const sse = field(field(supplementary(item, 'ServerSideEncryptionConfiguration'), 'rules'), 0);
    const sseDefault = field(sse, 'applyServerSideEncryptionByDefault');
    const versioning = asString(field(supplementary(item, 'BucketVersioningConfiguration'), 'status'));
    const lifecycle = asArray(field(supplementary(item, 'BucketLifecycleConfiguration'), 'rules'));
    const logTarget = asString(
      field(supplementary(item, 'BucketLoggingConfiguration'), 'destinationBucketName'),
    );
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::S3::Bucket' as const,
      publicAccessBlock:
        pab instanceof Unknown
          ? pab
          : pab === undefined
            ? ABSENT_PAB
            : {
                blockPublicAcls: asBoolean(pab.blockPublicAcls) ?? false,
                ignorePublicAcls: asBoolean(pab.ignorePublicAcls) ?? false,
                blockPublicPolicy: asBoolean(pab.blockPublicPolicy) ?? false,
                restrictPublicBuckets: asBoolean(pab.restrictPublicBuckets) ?? false,
              },
      encryption:
        sse === undefined
          ? SSE_S3_DEFAULT
          : {
              algorithm: asString(field(sseDefault, 'sseAlgorithm')) ?? 'AES256',
              kmsKeyId: asString(field(sseDefault, 'kmsMasterKeyID')),
              bucketKeyEnabled: asBoolean(field(sse, 'bucketKeyEnabled')),
            },
      versioning: versioningStatus(versioning),
      lifecycleRules:
        lifecycle instanceof Unknown
          ? lifecycle
          : (lifecycle ?? []).map((rule) =>
              lifecycleRule(rule, 'id', 'status', [
                'transitions',
                'expirationInDays',
                'expirationDate',
                'noncurrentVersionExpirationInDays',
                'noncurrentVersionTransitions',
                'abortIncompleteMultipartUpload',
              ]),
            ),
      policy: parsePolicyDocument(field(supplementary(item, 'BucketPolicy'), 'policyText')),
      loggingTarget: logTarget,
      loggingEnabled: logTarget instanceof Unknown ? logTarget : logTarget !== undefined && logTarget !== '',
    });
  },

  // Property names: AWS::S3::Bucket in the CloudFormation template reference.
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const pab = asRecord(p.PublicAccessBlockConfiguration);
    const sse = get(p, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0);
    const lifecycle = asArray(get(p, 'LifecycleConfiguration', 'Rules'));
    const policies = bucketPolicies(resource, scope);
    const logging = asRecord(p.LoggingConfiguration);
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::S3::Bucket' as const,
      publicAccessBlock:
        pab instanceof Unknown
          ? pab
          : pab === undefined
            ? S3_NEW_BUCKET_DEFAULT_PAB
            : {
                blockPublicAcls: asBoolean(pab.BlockPublicAcls) ?? false,
                ignorePublicAcls: asBoolean(pab.IgnorePublicAcls) ?? false,
                blockPublicPolicy: asBoolean(pab.BlockPublicPolicy) ?? false,
                restrictPublicBuckets: asBoolean(pab.RestrictPublicBuckets) ?? false,
              },
      ...(pab === undefined ? { publicAccessBlockIsDefault: true } : {}),
      encryption:
        sse === undefined
          ? SSE_S3_DEFAULT
          : sse instanceof Unknown
            ? sse
            : {
                algorithm: asString(get(sse, 'ServerSideEncryptionByDefault', 'SSEAlgorithm')) ?? 'AES256',
                kmsKeyId: asString(get(sse, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID')),
                bucketKeyEnabled: asBoolean(get(sse, 'BucketKeyEnabled')),
              },
      versioning: versioningStatus(asString(get(p, 'VersioningConfiguration', 'Status'))),
      lifecycleRules:
        lifecycle instanceof Unknown
          ? lifecycle
          : (lifecycle ?? []).map((rule) =>
              lifecycleRule(rule, 'Id', 'Status', [
                'Transitions',
                'Transition',
                'ExpirationInDays',
                'ExpirationDate',
                'NoncurrentVersionExpiration',
                'NoncurrentVersionTransitions',
                'AbortIncompleteMultipartUpload',
              ]),
            ),
      policy: policies.length === 0 ? undefined : parsePolicyDocument(policies[0]!.properties.PolicyDocument),
      loggingTarget:
        asString(get(p, 'LoggingConfiguration', 'DestinationBucketName')) ??
        (get(p, 'LoggingConfiguration') ? new Unknown('logging to the same bucket') : undefined),
      // LoggingConfiguration without DestinationBucketName logs to the bucket itself: still on.
      loggingEnabled: logging instanceof Unknown ? logging : logging !== undefined,
    });
  },
});

/** Policies that name the bucket with `!Ref`, or by its literal BucketName. */
function bucketPolicies(resource: CfnResource, scope: TemplateScope): CfnResource[] {
  const byRef = scope.referencing('AWS::S3::BucketPolicy', 'Bucket', resource.logicalId);
  if (byRef.length > 0) return byRef;
  const name = resource.properties.BucketName;
  if (typeof name !== 'string') return byRef;
  return scope.ofType('AWS::S3::BucketPolicy').filter((r) => r.properties.Bucket === name);
}

function versioningStatus(value: Maybe<string> | undefined): S3Bucket['versioning'] {
  if (value instanceof Unknown) return value;
  if (value === 'Enabled' || value === 'Suspended') return value;
  return 'Off';
}

function lifecycleRule(
  raw: unknown,
  idKey: string,
  statusKey: string,
  actionKeys: string[],
): S3LifecycleRule {
  const status = asString(field(raw, statusKey));
  // Config items come from the Java SDK model, which writes unset numbers as -1 and flags as false.
  const hasAction = actionKeys.some((key) => {
    const v = field(raw, key);
    if (v === undefined || v === null || v === false) return false;
    if (typeof v === 'number') return v > 0;
    return !(Array.isArray(v) && v.length === 0);
  });
  return {
    id: asString(field(raw, idKey)),
    enabled: status instanceof Unknown ? status : status === 'Enabled',
    hasTransitionOrExpiration: hasAction,
  };
}
