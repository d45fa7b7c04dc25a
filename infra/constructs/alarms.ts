import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  topic: ITopic;
  deadLetterQueue: IQueue;
  stateMachines: ReadonlyArray<{ name: string; stateMachine: IStateMachine }>;
  /** The Slack interactivity endpoint: it runs outside any workflow, so its failures need alarms of their own. */
  approvalEndpoint: { function: IFunction; logGroup: ILogGroup; rejectedMessage: string };
}

/** Where the count of refused Slack requests is published (a metric filter on the endpoint's logs). */
export const REJECTED_SLACK_REQUESTS_METRIC = {
  metricNamespace: 'ComplianceBot',
  metricName: 'SlackRequestsRejected',
};

/**
 * What an operator must hear about, sent to the findings topic:
 * - any message in the dead-letter queue (an event the bot could not check), and each new one: the
 *   depth alarm stays in ALARM until the queue is drained, and CloudWatch notifies only when an
 *   alarm changes state, so a second alarm on messages sent tells of dead letters arriving later;
 * - the Slack endpoint failing (Lambda errors) or refusing requests (a bad signature: usually a
 *   signing secret that no longer matches Slack's, so every click fails), since it is no workflow;
 * - the Slack endpoint throttled: its URL is public (AuthType NONE) and its reserved concurrency
 *   small, so a flood of unsigned requests, each refused with a 401, can still take every slot and
 *   make Slack's real clicks fail with 429 (infra/README.md: the WAF / CloudFront option);
 * - any failed, timed-out or aborted execution of a workflow (5-minute windows).
 * Missing data is "not breaching": no traffic is not an incident.
 */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const add = (alarm: Alarm) => {
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };
    add(
      new Alarm(this, 'DeadLetterQueueNotEmpty', {
        alarmDescription: 'Events the compliance bot could not process are waiting in the dead-letter queue',
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'DeadLetterQueueNewMessages', {
        alarmDescription:
          'New events reached the dead-letter queue in the last 5 minutes (also while older ones wait there)',
        metric: props.deadLetterQueue.metricNumberOfMessagesSent({
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const endpoint = props.approvalEndpoint;
    add(
      new Alarm(this, 'ApprovalEndpointErrors', {
        alarmDescription:
          'The Slack approval endpoint failed on a click (see its logs): a decision may not have reached the workflow, ' +
          "or an acknowledgement's RESOLVED notice (recorded) may not have reached every channel",
        metric: endpoint.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const rejected = new MetricFilter(this, 'SlackRequestsRejected', {
      logGroup: endpoint.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', endpoint.rejectedMessage),
      ...REJECTED_SLACK_REQUESTS_METRIC,
      metricValue: '1',
    });
    add(
      new Alarm(this, 'ApprovalEndpointRejectedRequests', {
        alarmDescription:
          'The Slack approval endpoint refused a request (bad signature or timestamp): check that the signing secret matches the Slack app; clicks fail until it does',
        metric: rejected.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'ApprovalEndpointThrottles', {
        alarmDescription:
          'The Slack approval endpoint was throttled (its reserved concurrency was full): real clicks may have failed. A flood of unsigned requests can cause this; see infra/README.md',
        metric: endpoint.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const { name, stateMachine } of props.stateMachines) {
      const period = { period: Duration.minutes(5), statistic: 'Sum' };
      for (const [kind, metric] of [
        ['Failed', stateMachine.metricFailed(period)],
        ['TimedOut', stateMachine.metricTimedOut(period)],
        ['Aborted', stateMachine.metricAborted(period)],
      ] as const) {
        add(
          new Alarm(this, `${name}${kind}`, {
            alarmDescription: `The ${name} workflow has ${kind.toLowerCase()} executions`,
            metric,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        );
      }
    }
  }
}
