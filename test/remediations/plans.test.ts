import { describe, expect, it } from 'vitest';
import { getRemediation } from '../../functions/rulebook/remediations/index';
import { CASES } from './cases';

/** The dry-run plan an approver sees, per remediation (first case of each): exact calls and inputs. */
function planOf(id: string) {
  const c = CASES.find((x) => x.id === id)!;
  return getRemediation(id)!.plan(c.finding, {
    ...c.params,
    ...(c.prepared ? { prepared: c.prepared } : {}),
  });
}

describe('dry-run plans', () => {
  it('cloudtrail-enable-log-file-validation', () => {
    expect(planOf('cloudtrail-enable-log-file-validation')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "cloudtrail:UpdateTrail",
          "input": {
            "EnableLogFileValidation": true,
            "Name": "org-trail",
          },
          "operation": "UpdateTrail",
          "service": "CloudTrail",
        },
      ]
    `);
  });

  it('cloudtrail-start-logging', () => {
    expect(planOf('cloudtrail-start-logging')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "cloudtrail:StartLogging",
          "input": {
            "Name": "org-trail",
          },
          "operation": "StartLogging",
          "service": "CloudTrail",
        },
      ]
    `);
  });

  it('config-start-recorder', () => {
    expect(planOf('config-start-recorder')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "config:StartConfigurationRecorder",
          "input": {
            "ConfigurationRecorderName": "default",
          },
          "operation": "StartConfigurationRecorder",
          "service": "ConfigService",
        },
      ]
    `);
  });

  it('ebs-snapshot-and-delete-volume', () => {
    expect(planOf('ebs-snapshot-and-delete-volume')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "ec2:CreateSnapshot",
          "input": {
            "Description": "Backup of vol-0abc before deletion by compliance-bot (test-rule)",
            "TagSpecifications": [
              {
                "ResourceType": "snapshot",
                "Tags": [
                  {
                    "Key": "compliance-bot:source-volume",
                    "Value": "vol-0abc",
                  },
                  {
                    "Key": "compliance-bot:approval",
                    "Value": "apr_test",
                  },
                ],
              },
            ],
            "VolumeId": "vol-0abc",
          },
          "operation": "CreateSnapshot",
          "service": "EC2",
        },
        {
          "iamAction": "ec2:DeleteVolume",
          "input": {
            "VolumeId": "vol-0abc",
          },
          "operation": "DeleteVolume",
          "service": "EC2",
        },
      ]
    `);
  });

  it('ec2-release-elastic-ip', () => {
    expect(planOf('ec2-release-elastic-ip')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "ec2:ReleaseAddress",
          "input": {
            "AllocationId": "eipalloc-0abc",
          },
          "operation": "ReleaseAddress",
          "service": "EC2",
        },
      ]
    `);
  });

  it('ec2-revoke-world-open-ingress', () => {
    expect(planOf('ec2-revoke-world-open-ingress')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "ec2:RevokeSecurityGroupIngress",
          "input": {
            "GroupId": "sg-0123456789abcdef0",
            "SecurityGroupRuleIds": [
              "sgr-0aaa1111bbbb2222c",
            ],
          },
          "operation": "RevokeSecurityGroupIngress",
          "service": "EC2",
        },
      ]
    `);
  });

  it('guardduty-enable-detector', () => {
    expect(planOf('guardduty-enable-detector')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "guardduty:CreateDetector",
          "input": {
            "Enable": true,
            "FindingPublishingFrequency": "FIFTEEN_MINUTES",
          },
          "operation": "CreateDetector",
          "service": "GuardDuty",
        },
      ]
    `);
  });

  it('iam-deactivate-access-key', () => {
    expect(planOf('iam-deactivate-access-key')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "iam:UpdateAccessKey",
          "input": {
            "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
            "Status": "Inactive",
            "UserName": "ci-deployer",
          },
          "operation": "UpdateAccessKey",
          "service": "IAM",
        },
      ]
    `);
  });

  it('iam-detach-administrator-access', () => {
    expect(planOf('iam-detach-administrator-access')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "iam:DetachUserPolicy",
          "input": {
            "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            "UserName": "ops",
          },
          "operation": "DetachUserPolicy",
          "service": "IAM",
        },
      ]
    `);
  });

  it('kms-cancel-key-deletion', () => {
    expect(planOf('kms-cancel-key-deletion')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "kms:CancelKeyDeletion",
          "input": {
            "KeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          },
          "operation": "CancelKeyDeletion",
          "service": "KMS",
        },
        {
          "iamAction": "kms:EnableKey",
          "input": {
            "KeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          },
          "operation": "EnableKey",
          "service": "KMS",
        },
      ]
    `);
  });

  it('kms-enable-key-rotation', () => {
    expect(planOf('kms-enable-key-rotation')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "kms:EnableKeyRotation",
          "input": {
            "KeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          },
          "operation": "EnableKeyRotation",
          "service": "KMS",
        },
      ]
    `);
  });

  it('rds-enable-deletion-protection', () => {
    expect(planOf('rds-enable-deletion-protection')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "rds:ModifyDBInstance",
          "input": {
            "ApplyImmediately": true,
            "DBInstanceIdentifier": "orders-db",
            "DeletionProtection": true,
          },
          "operation": "ModifyDBInstance",
          "service": "RDS",
        },
      ]
    `);
  });

  it('s3-add-tls-only-policy', () => {
    expect(planOf('s3-add-tls-only-policy')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "s3:PutBucketPolicy",
          "input": {
            "Bucket": "acme-data",
            "Policy": "{"Version":"2012-10-17","Statement":[{"Sid":"Cdn","Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-data/*"},{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::acme-data","arn:aws:s3:::acme-data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}",
          },
          "operation": "PutBucketPolicy",
          "precondition": {
            "read": {
              "allowErrors": [
                "NoSuchBucketPolicy",
              ],
              "iamAction": "s3:GetBucketPolicy",
              "input": {
                "Bucket": "acme-data",
              },
              "operation": "GetBucketPolicy",
              "service": "S3",
            },
            "sha256": "a0cc8d0be99d1ddb0b427865dd8bce75e0e9f384ca403cb1d7368c55e6b4779d",
          },
          "service": "S3",
        },
      ]
    `);
  });

  it('s3-enable-default-encryption', () => {
    expect(planOf('s3-enable-default-encryption')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "s3:PutEncryptionConfiguration",
          "input": {
            "Bucket": "acme-data",
            "ServerSideEncryptionConfiguration": {
              "Rules": [
                {
                  "ApplyServerSideEncryptionByDefault": {
                    "KMSMasterKeyID": "arn:aws:kms:eu-west-1:111122223333:key/k1",
                    "SSEAlgorithm": "aws:kms",
                  },
                  "BucketKeyEnabled": true,
                },
              ],
            },
          },
          "operation": "PutBucketEncryption",
          "service": "S3",
        },
      ]
    `);
  });

  it('s3-enable-versioning', () => {
    expect(planOf('s3-enable-versioning')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "s3:PutBucketVersioning",
          "input": {
            "Bucket": "acme-data",
            "VersioningConfiguration": {
              "Status": "Enabled",
            },
          },
          "operation": "PutBucketVersioning",
          "service": "S3",
        },
      ]
    `);
  });

  it('s3-put-public-access-block', () => {
    expect(planOf('s3-put-public-access-block')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "s3:PutBucketPublicAccessBlock",
          "input": {
            "Bucket": "acme-data",
            "PublicAccessBlockConfiguration": {
              "BlockPublicAcls": true,
              "BlockPublicPolicy": true,
              "IgnorePublicAcls": true,
              "RestrictPublicBuckets": true,
            },
          },
          "operation": "PutPublicAccessBlock",
          "service": "S3",
        },
      ]
    `);
  });

  it('tags-add-mandatory', () => {
    expect(planOf('tags-add-mandatory')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "s3:PutBucketTagging",
          "input": {
            "Bucket": "acme-data",
            "Tagging": {
              "TagSet": [
                {
                  "Key": "Owner",
                  "Value": "data-team",
                },
                {
                  "Key": "CostCenter",
                  "Value": "unassigned",
                },
                {
                  "Key": "App",
                  "Value": "unknown",
                },
              ],
            },
          },
          "operation": "PutBucketTagging",
          "precondition": {
            "read": {
              "allowErrors": [
                "NoSuchTagSet",
              ],
              "iamAction": "s3:GetBucketTagging",
              "input": {
                "Bucket": "acme-data",
              },
              "operation": "GetBucketTagging",
              "service": "S3",
            },
            "sha256": "2e1eb8754dfdf3d9dfdf69c4de4406670c4bd303945b9e1b01c5a5ff1c2f6a8c",
          },
          "service": "S3",
        },
      ]
    `);
  });

  it('vpc-create-gateway-endpoints', () => {
    expect(planOf('vpc-create-gateway-endpoints')).toMatchInlineSnapshot(`
      [
        {
          "iamAction": "ec2:CreateVpcEndpoint",
          "input": {
            "RouteTableIds": [
              "rtb-0a",
              "rtb-0b",
            ],
            "ServiceName": "com.amazonaws.eu-west-1.s3",
            "VpcEndpointType": "Gateway",
            "VpcId": "vpc-0abc",
          },
          "operation": "CreateVpcEndpoint",
          "service": "EC2",
        },
        {
          "iamAction": "ec2:CreateVpcEndpoint",
          "input": {
            "RouteTableIds": [
              "rtb-0a",
              "rtb-0b",
            ],
            "ServiceName": "com.amazonaws.eu-west-1.dynamodb",
            "VpcEndpointType": "Gateway",
            "VpcId": "vpc-0abc",
          },
          "operation": "CreateVpcEndpoint",
          "service": "EC2",
        },
      ]
    `);
  });

  it('s3-put-public-access-block plans nothing when its read finds all four settings already on', () => {
    const remediation = getRemediation('s3-put-public-access-block')!;
    const c = CASES.find((x) => x.id === 's3-put-public-access-block')!;
    const settings = (restrict: boolean) => ({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: restrict,
      },
    });
    expect(remediation.prepare!(c.finding, {}).map((r) => r.operation)).toEqual(['GetPublicAccessBlock']);
    expect(remediation.plan(c.finding, { prepared: [settings(true)] })).toEqual([]);
    expect(remediation.plan(c.finding, { prepared: [settings(false)] })).toHaveLength(1);
    expect(
      remediation.plan(c.finding, { prepared: [{ $error: 'NoSuchPublicAccessBlockConfiguration' }] }),
    ).toHaveLength(1);
  });
});
