import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportFile, ReportLink, ReportStore } from '../../ports/report-store';
import { rethrowTransient } from '../../shared/errors';

/** The longest a SigV4 presigned URL can be valid. */
const MAX_LINK_SECONDS = 7 * 86_400;
/** A link is never promised up to the last second of the credentials that signed it. */
const CREDENTIAL_MARGIN_SECONDS = 60;
/** No role session lasts longer (IAM's maximum session duration). */
const MAX_SESSION_SECONDS = 12 * 3600;

/** Report files in the encrypted report bucket (SSE-KMS with the bucket's key), links presigned. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyArn?: string,
    private readonly now: () => Date = () => new Date(),
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

  /**
   * A presigned GET link, and the S3 console's page of the object. A presigned URL stops working
   * when the credentials that signed it expire, whatever its X-Amz-Expires says (S3 user guide,
   * "Download and upload objects with presigned URLs": role credentials end with the role session),
   * and a Lambda function signs with its role's session credentials. When the credentials say when
   * they expire, the link is valid as long as they are and `expiresAt` says until when. Lambda's own
   * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, no expiry given) do not: the link
   * is then `temporary`, asks for no more than a role session can last, and names no end it cannot
   * promise. The console link keeps working for anyone who can sign in and read the object
   * (s3:GetObject and kms:Decrypt on the report key).
   */
  async linkTo(key: string, expiresInSeconds: number): Promise<ReportLink> {
    const now = this.now().getTime();
    let seconds = Math.min(Math.max(1, Math.floor(expiresInSeconds)), MAX_LINK_SECONDS);
    const { expiration, sessionToken } = await this.client.config.credentials();
    if (expiration) {
      const left = Math.floor((expiration.getTime() - now) / 1000) - CREDENTIAL_MARGIN_SECONDS;
      seconds = Math.max(1, Math.min(seconds, left));
    }
    const temporary = !expiration && sessionToken !== undefined;
    if (temporary) seconds = Math.min(seconds, MAX_SESSION_SECONDS);
    const url = await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: seconds,
      signingDate: new Date(now),
    });
    const region = await this.client.config.region();
    return {
      url,
      ...(temporary ? { temporary: true } : { expiresAt: new Date(now + seconds * 1000).toISOString() }),
      consoleUrl: `https://s3.console.aws.amazon.com/s3/object/${this.bucket}?region=${encodeURIComponent(region)}&prefix=${encodeURIComponent(key)}`,
    };
  }
}
