import type { PolicyDocument } from '../policy-document';
import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface S3PublicAccessBlock {
  blockPublicAcls: Maybe<boolean>;
  ignorePublicAcls: Maybe<boolean>;
  blockPublicPolicy: Maybe<boolean>;
  restrictPublicBuckets: Maybe<boolean>;
}

export interface S3Encryption {
  /** `aws:kms`, `aws:kms:dsse` or `AES256`. */
  algorithm: Maybe<string>;
  kmsKeyId?: Maybe<string>;
  bucketKeyEnabled?: Maybe<boolean>;
  /** True when no configuration is declared and S3's default (SSE-S3) applies. */
  implicitDefault?: boolean;
}

export interface S3LifecycleRule {
  id?: Maybe<string>;
  enabled: Maybe<boolean>;
  hasTransitionOrExpiration: Maybe<boolean>;
}

export interface S3Bucket extends ResourceBase {
  type: 'AWS::S3::Bucket';
  /**
   * Bucket-level Block Public Access. Templates without the property get S3's default for new
   * buckets (all four on, since April 2023); Config items without it have none.
   */
  publicAccessBlock: Maybe<S3PublicAccessBlock>;
  /** True when the values above are S3's creation default rather than declared. */
  publicAccessBlockIsDefault?: boolean;
  encryption: Maybe<S3Encryption>;
  versioning: Maybe<'Enabled' | 'Suspended' | 'Off'>;
  lifecycleRules: Maybe<S3LifecycleRule[]>;
  /** The bucket policy, `undefined` when the bucket has none. */
  policy: Maybe<PolicyDocument> | undefined;
  /** Target bucket of server access logs, `undefined` when logging is off. */
  loggingTarget: Maybe<string> | undefined;
  /**
   * Server access logging on. Separate from `loggingTarget` because a template can turn logging on
   * while the target is only known after deploy (`!Ref LogBucket`, or the bucket itself).
   */
  loggingEnabled?: Maybe<boolean>;
}
