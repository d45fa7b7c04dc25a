import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ReportStore } from '../../functions/adapters/aws/s3-report-store';
import { renderReportFiles } from '../../functions/report/render';
import { sampleReport } from './sample-report';

const KEY_ARN = 'arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const client = new S3Client({
  region: 'eu-west-1',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});
const s3 = mockClient(client);

describe('S3 report store', () => {
  beforeEach(() => s3.reset());

  it('writes every report file with SSE-KMS under the bucket key, the right key and content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ReportStore(client, 'compliance-reports', KEY_ARN);
    await store.put(renderReportFiles(sampleReport()));
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 3);
    for (const [key, contentType] of [
      ['reports/2026/W47/index.html', 'text/html; charset=utf-8'],
      ['reports/2026/W47/report.md', 'text/markdown; charset=utf-8'],
      ['reports/2026/W47/report.json', 'application/json'],
    ]) {
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
        Bucket: 'compliance-reports',
        Key: key,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
      });
    }
  });

  it('hands out a presigned GET link that expires when configured, and the S3 console page of the object', async () => {
    const store = new S3ReportStore(
      client,
      'compliance-reports',
      KEY_ARN,
      () => new Date('2026-11-23T08:00:00Z'),
    );
    const link = await store.linkTo('reports/2026/W47/index.html', 3600);
    const url = new URL(link.url);
    expect(url.pathname).toContain('reports/2026/W47/index.html');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261123T080000Z');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(link.expiresAt).toBe('2026-11-23T09:00:00.000Z');
    expect(link.consoleUrl).toBe(
      'https://s3.console.aws.amazon.com/s3/object/compliance-reports?region=eu-west-1&prefix=reports%2F2026%2FW47%2Findex.html',
    );
  });

  it('caps the expiry at the 7 days SigV4 can sign', async () => {
    const store = new S3ReportStore(client, 'compliance-reports', KEY_ARN);
    const url = new URL((await store.linkTo('k', 30 * 24 * 3600)).url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(7 * 24 * 3600));
  });

  it('signed with session credentials, the link is promised only while they last (a presigned URL dies with them)', async () => {
    const now = new Date('2026-11-23T08:00:00Z');
    const roleClient = new S3Client({
      region: 'eu-west-1',
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        sessionToken: 'session-token',
        expiration: new Date('2026-11-23T11:30:00Z'),
      },
    });
    const store = new S3ReportStore(roleClient, 'compliance-reports', KEY_ARN, () => now);
    const link = await store.linkTo('reports/2026/W47/index.html', 7 * 86_400);
    // 3.5 hours of session left, less a minute of margin.
    expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe(String(3.5 * 3600 - 60));
    expect(link.expiresAt).toBe('2026-11-23T11:29:00.000Z');
  });

  it("with Lambda's own credentials (a session token, no expiry given) the link is temporary: no end date it cannot promise", async () => {
    const lambdaClient = new S3Client({
      region: 'eu-west-1',
      // What Lambda puts in the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        sessionToken: 'session-token',
      },
    });
    const store = new S3ReportStore(lambdaClient, 'compliance-reports', KEY_ARN);
    const link = await store.linkTo('reports/2026/W47/index.html', 7 * 86_400);
    expect(link.temporary).toBe(true);
    expect(link.expiresAt).toBeUndefined();
    // No role session outlives 12 hours; asking for 7 days would only make the URL look durable.
    expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe(String(12 * 3600));
    expect(link.consoleUrl).toContain('/s3/object/compliance-reports?');
  });
});
