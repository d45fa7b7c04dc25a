import { describe, it } from 'vitest';
import { eventItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::S3::Bucket normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(eventItem('config-ci-s3-bucket'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'data',
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'Key' } } },
            ],
          },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
          LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 365 }] },
          LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } },
        },
      },
      Policy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Bucket' },
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: '*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
              { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' },
            ],
          },
        },
      },
    });
  });
});
