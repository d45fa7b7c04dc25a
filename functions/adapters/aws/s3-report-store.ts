import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportFile, ReportStore } from '../../ports/report-store';

export interface S3ReportStoreOptions {
  bucket: string;
  /** The bucket's customer managed key: every object is written with SSE-KMS under it. */
  kmsKeyArn: string;
}

/** Presigned links expire after at most 7 days (SigV4 limit). */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** Writes report files to the encrypted report bucket and hands out presigned links to them. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3ReportStoreOptions,
  ) {}

  async put(files: readonly ReportFile[]): Promise<void> {
    for (const file of files) {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: file.key,
          Body: file.body,
          ContentType: file.contentType,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.options.kmsKeyArn,
          BucketKeyEnabled: true,
        }),
      );
    }
  }

  async linkTo(key: string, expiresInSeconds: number): Promise<string> {
    if (
      !Number.isInteger(expiresInSeconds) ||
      expiresInSeconds < 1 ||
      expiresInSeconds > MAX_PRESIGN_SECONDS
    ) {
      throw new RangeError(
        `presigned link expiry must be 1..${MAX_PRESIGN_SECONDS} seconds, got ${expiresInSeconds}`,
      );
    }
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }
}
