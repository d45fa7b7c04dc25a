import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DeliveryLedger } from '../../ports/delivery-ledger';
import type { FindingsStore } from '../../ports/findings-store';
import type { AccountDirectory } from '../../ports/inventory-source';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';
import { type Env, required } from '../../shared/env';
import { createSlackClient } from '../slack/client';
import { SlackNotifier } from '../slack/slack-notifier';
import { FanOutNotifier } from './fan-out-notifier';
import { SlackSecretProvider } from './slack-secret';
import { SnsNotifier } from './sns-notifier';

/**
 * Builds the Slack notifier on first use (the bot token comes from Secrets Manager) and keeps it for
 * the container's life, so its per-channel pacing and idempotency state survive between invocations.
 * A failed secret read is retried on the next call.
 */
export class LazyNotifier implements WorkflowNotifier {
  private built?: Promise<WorkflowNotifier>;
  constructor(private readonly build: () => Promise<WorkflowNotifier>) {}
  notify(n: readonly FindingNotification[]) {
    return this.get().then((x) => x.notify(n));
  }
  requestApproval(r: ApprovalRequest) {
    return this.get().then((x) => x.requestApproval(r));
  }
  notifyOutcome(o: RemediationOutcome) {
    return this.get().then((x) => x.notifyOutcome(o));
  }
  reportPublished(r: ReportPublished) {
    return this.get().then((x) => x.reportPublished(r));
  }
  get(): Promise<WorkflowNotifier> {
    this.built ??= this.build().catch((error) => {
      this.built = undefined;
      throw error;
    });
    return this.built;
  }
}

export interface WorkflowNotifierParts {
  sns?: SNSClient;
  secrets?: SecretsManagerClient;
  /** The findings table: the Slack notifier keeps each finding's thread on it. */
  findings?: Pick<FindingsStore, 'get' | 'setSlackThread'>;
  /** Delivery records per channel (the findings table), so a retry resends only the failed channel. */
  deliveries?: DeliveryLedger;
  accounts?: Pick<AccountDirectory, 'describe'>;
  /**
   * Milliseconds left in the current invocation (`remainingInvocationMs`): the Slack notifier never
   * waits out a Retry-After or a backoff past it, it throws the typed error for Step Functions to retry.
   */
  remainingMs?: () => number | undefined;
}

/**
 * The notifiers of a deployed function: SNS (filterable attributes) and, when SLACK_BOT_TOKEN_SECRET_ARN,
 * SLACK_CHANNEL and the findings table are available, Slack (Block Kit, one thread per finding,
 * approval buttons). Every channel is attempted on its own and records what it delivered; an error
 * is rethrown afterwards, and the retry sends only on the channels that failed (FanOutNotifier).
 */
export function workflowNotifier(e: Env, parts: WorkflowNotifierParts | SNSClient = {}): WorkflowNotifier {
  const p: WorkflowNotifierParts = parts instanceof SNSClient ? { sns: parts } : parts;
  const channels: Record<string, WorkflowNotifier> = {
    sns: new SnsNotifier({
      client: p.sns ?? new SNSClient({}),
      topicArn: required(e, 'TOPIC_ARN'),
      ...(p.accounts ? { accounts: p.accounts } : {}),
    }),
  };
  const { findings } = p;
  if (e.SLACK_BOT_TOKEN_SECRET_ARN && e.SLACK_CHANNEL && findings) {
    const botTokenSecret = new SlackSecretProvider(
      p.secrets ?? new SecretsManagerClient({}),
      e.SLACK_BOT_TOKEN_SECRET_ARN,
      'botToken',
    );
    const channel = e.SLACK_CHANNEL;
    channels.slack = new LazyNotifier(async () => {
      const botToken = await botTokenSecret.get();
      return new SlackNotifier({
        client: createSlackClient(botToken),
        channel,
        findings,
        ...(p.accounts ? { accounts: p.accounts } : {}),
        ...(p.remainingMs ? { retry: { remainingMs: p.remainingMs } } : {}),
      });
    });
  }
  return new FanOutNotifier(channels, p.deliveries ? { deliveries: p.deliveries } : {});
}
