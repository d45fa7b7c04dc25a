import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acceptFinding } from './accepted-findings';

/** Reports are written under this prefix (the `report-bucket:write` grant is scoped to it). */
export const REPORT_PREFIX = 'reports/';

/**
 * The weekly report bucket, configured like seed 001 "Secure S3 Bucket": SSE-KMS with a bucket key,
 * versioning, all public access blocked, TLS-only bucket policy, lifecycle to STANDARD_IA at 90 days
 * and GLACIER at 180, expiry at 365 (noncurrent versions after 30), and server access logs to a
 * separate log bucket. The log bucket uses SSE-S3 because S3 server access logging cannot deliver to
 * an SSE-KMS bucket; it is itself the end of the logging chain (it does not log to itself).
 */
export class ReportBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { key: IKey }) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(365),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    acceptFinding(
      this.accessLogs,
      's3-bucket-encrypted-with-kms',
      'S3 server access logging delivers only to a target bucket whose default encryption is SSE-S3: SSE-KMS ' +
        'is not supported for server access logging target buckets (Amazon S3 User Guide, "Troubleshoot server ' +
        'access logging"). The reports bucket itself uses SSE-KMS',
    );
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: [
        {
          id: 'archive',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            { storageClass: StorageClass.GLACIER, transitionAfter: Duration.days(180) },
          ],
          expiration: Duration.days(365),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
  }
}
