import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportFile, ReportStore } from '../../ports/report-store';
<<<<<<< HEAD

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
=======
import { rethrowTransient } from '../../shared/errors';

/** Presigned URLs signed with role credentials stop working when the session ends; 7 days is S3's max. */
const MAX_LINK_SECONDS = 7 * 86_400;

/** Report files in the encrypted report bucket (SSE-KMS with the bucket's key), links presigned. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyArn?: string,
>>>>>>> platform
  ) {}

  async put(files: readonly ReportFile[]): Promise<void> {
    for (const file of files) {
<<<<<<< HEAD
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
=======
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: file.key,
            Body: file.body,
            ContentType: file.contentType,
            ServerSideEncryption: 'aws:kms',
            ...(this.kmsKeyArn ? { SSEKMSKeyId: this.kmsKeyArn } : {}),
            BucketKeyEnabled: true,
          }),
        );
      } catch (error) {
        rethrowTransient(error, `S3 PutObject ${file.key}`);
      }
>>>>>>> platform
    }
  }

  async linkTo(key: string, expiresInSeconds: number): Promise<string> {
<<<<<<< HEAD
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
=======
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: Math.min(Math.max(1, expiresInSeconds), MAX_LINK_SECONDS),
>>>>>>> platform
    });
  }
}
