import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  topic: ITopic;
  deadLetterQueue: IQueue;
  stateMachines: ReadonlyArray<{ name: string; stateMachine: IStateMachine }>;
}

/**
 * What an operator must hear about, sent to the findings topic:
 * - any message in the dead-letter queue (an event the bot could not check);
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
