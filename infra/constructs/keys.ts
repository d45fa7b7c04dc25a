import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The customer-managed KMS keys of the central stack, one per trust boundary, all with yearly
 * rotation and RETAIN (data encrypted under a deleted key is lost):
 * - `data`: findings table, Slack secret, report bucket (only this app's roles use it);
 * - `messaging`: SNS topic and dead-letter queue (AWS services publish into those: EventBridge for
 *   undeliverable events, CloudWatch alarms for alarm notifications);
 * - `logs`: every log group (CloudWatch Logs encrypts with it, scoped by encryption context).
 */
export class KeyRing extends Construct {
  readonly data: Key;
  readonly messaging: Key;
  readonly logs: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = (name: string, description: string) =>
      new Key(this, name, {
        description,
        enableKeyRotation: true,
        rotationPeriod: Duration.days(365),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.data = key('DataKey', 'compliance bot: findings table, Slack secret, reports');
    this.messaging = key('MessagingKey', 'compliance bot: findings topic, dead-letter queue');
    this.logs = key('LogsKey', 'compliance bot: function and workflow logs');

    // EventBridge writes undeliverable events to the encrypted DLQ; CloudWatch alarms publish to
    // the encrypted topic. Both need the data key of the messaging key, only from this account.
    this.messaging.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowAwsServicesToUseForMessaging',
        principals: [
          new ServicePrincipal('events.amazonaws.com'),
          new ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.logs.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }
}
