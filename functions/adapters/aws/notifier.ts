import { SNSClient } from '@aws-sdk/client-sns';
import type { WorkflowNotifier } from '../../ports/notifier';
import { type Env, required } from '../../shared/env';
import { FanOutNotifier } from './fan-out-notifier';
import { SnsNotifier } from './sns-notifier';

/**
 * The notifiers of a deployed function: SNS (filterable attributes). The Slack notifier (Block Kit,
 * threads, bot token from SLACK_SECRET_ARN) is built in `functions/adapters/slack/` and added here
 * when merged: `new FanOutNotifier([sns, slack])`.
 */
export function workflowNotifier(e: Env, sns = new SNSClient({})): WorkflowNotifier {
  return new FanOutNotifier([new SnsNotifier(sns, required(e, 'TOPIC_ARN'))]);
}
