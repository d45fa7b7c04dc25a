import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportFile, ReportStore } from '../../ports/report-store';
import { rethrowTransient } from '../../shared/errors';

/** Presigned URLs signed with role credentials stop working when the session ends; 7 days is S3's max. */
const MAX_LINK_SECONDS = 7 * 86_400;

/** Report files in the encrypted report bucket (SSE-KMS with the bucket's key), links presigned. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyArn?: string,
  ) {}

  async put(files: readonly ReportFile[]): Promise<void> {
    for (const file of files) {
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
    }
  }

  async linkTo(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: Math.min(Math.max(1, expiresInSeconds), MAX_LINK_SECONDS),
    });
  }
}
