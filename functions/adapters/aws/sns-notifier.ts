import { createHash } from 'node:crypto';
import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { notificationKey } from '../../notifications/keys';
import { buildFindingMessage } from '../../notifications/model';
import { renderFindingForTerminal } from '../../notifications/terminal';
import { asciiSafe, truncate } from '../../notifications/text';
import {
  approvalRequestNotification,
  linkValidity,
  outcomeNotification,
  reportCounts,
} from '../../notifications/workflow';
import type { AccountDirectory, AccountInfo } from '../../ports/inventory-source';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';
import { rethrowTransient } from '../../shared/errors';

/**
 * SNS notifier: one Publish per finding, with String message attributes `severity`, `pillar`,
 * `accountId`, `ruleId`, `status` (and `kind`; `resolvedReason: resource-deleted` on a deleted
 * resource's resolutions, `resolvedReason: acknowledged` and `acknowledgedBy` on an acknowledged
 * one-off finding's) so subscriptions can filter (e.g. e-mail only for `severity: ["critical"]`). Subject: ASCII, no line breaks, < 100 characters (SNS constraint). Body:
 * the same readable text the terminal shows, not nested JSON. On a FIFO topic the idempotency key
 * becomes the deduplication id, so a redelivered notification is dropped by SNS.
 */
export interface SnsNotifierOptions {
  client: SNSClient;
  topicArn: string;
  accounts?: Pick<AccountDirectory, 'describe'>;
}

const SUBJECT_MAX = 99;
/** Message group ids: printable ASCII without spaces. */
const NOT_GROUP_ID_CHAR = /[^\x21-\x7e]/g;
/** SNS messages are at most 256 KiB; keep room for attributes. */
const BODY_MAX = 200_000;

export class SnsNotifier implements WorkflowNotifier {
  private readonly fifo: boolean;
  private readonly options: SnsNotifierOptions;

  /** `new SnsNotifier({ client, topicArn, accounts })`, or `new SnsNotifier(client, topicArn)`. */
  constructor(options: SnsNotifierOptions | SNSClient, topicArn?: string) {
    this.options =
      topicArn !== undefined ? { client: options as SNSClient, topicArn } : (options as SnsNotifierOptions);
    this.fifo = this.options.topicArn.endsWith('.fifo');
  }

  /** Subscribers see approval requests too (kind `changed`, the plan in the body); buttons are Slack-only. */
  async requestApproval(request: ApprovalRequest): Promise<void> {
    await this.notify([approvalRequestNotification(request)]);
  }

  async notifyOutcome(outcome: RemediationOutcome): Promise<void> {
    await this.notify([outcomeNotification(outcome)]);
  }

  async reportPublished(report: ReportPublished): Promise<void> {
    await this.publish(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: asciiSafe(`[REPORT] Weekly compliance report ${report.week}`).slice(0, SUBJECT_MAX),
        Message: reportMessage(report),
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'report' } },
        ...(this.fifo
          ? {
              MessageGroupId: 'weekly-report',
              MessageDeduplicationId: `report-${report.week}`.replace(NOT_GROUP_ID_CHAR, '-'),
            }
          : {}),
      }),
      `weekly report ${report.week}`,
    );
  }

  async notify(notifications: readonly FindingNotification[]): Promise<void> {
    const accounts = new Map<string, Promise<AccountInfo | undefined>>();
    for (const n of notifications) {
      const accountId = n.finding.resource.accountId;
      let account: AccountInfo | undefined;
      if (accountId && this.options.accounts) {
        if (!accounts.has(accountId)) {
          accounts.set(
            accountId,
            this.options.accounts.describe(accountId).catch(() => undefined),
          );
        }
        account = await accounts.get(accountId);
      }
      await this.publish(
        new PublishCommand(snsPublishInput(n, account, this.options.topicArn, this.fifo)),
        `finding ${n.finding.id}`,
      );
    }
  }

  /** Throttling and 5xx become TransientError, which the state machines retry with backoff. */
  private async publish(command: PublishCommand, what: string): Promise<void> {
    try {
      await this.options.client.send(command);
    } catch (error) {
      rethrowTransient(error, `SNS Publish (${what})`);
    }
  }
}

/** The Publish input for one notification (pure; exported for tests and the local runtime). */
export function snsPublishInput(
  n: FindingNotification,
  account: AccountInfo | undefined,
  topicArn: string,
  fifo = false,
) {
  const model = buildFindingMessage(n, account);
  const prefix = model.status === 'resolved' ? 'RESOLVED' : model.severityLabel;
  const where = model.account?.name ?? model.account?.id;
  const full = asciiSafe(`[${prefix}] ${model.title}${where ? ` - ${where}` : ''}`);
  const subject =
    full.length > SUBJECT_MAX ? `${full.slice(0, SUBJECT_MAX - 3)}...` : full || 'Compliance finding';
  const body = truncate(renderFindingForTerminal(model, { enabled: false }), BODY_MAX);
  const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  const attributes: Record<string, MessageAttributeValue> = {
    severity: attribute(model.severity),
    pillar: attribute(n.finding.pillar),
    ruleId: attribute(model.ruleId),
    status: attribute(model.status),
    kind: attribute(model.kind),
    ...(model.account ? { accountId: attribute(model.account.id) } : {}),
    // Subscribers can tell a deleted resource's resolutions from fixes (`resource-deleted`).
    ...(model.resolvedReason && n.finding.resolvedReason
      ? { resolvedReason: attribute(n.finding.resolvedReason.code) }
      : {}),
    // … and a one-off finding a person acknowledged (`acknowledged`, with who), from both.
    ...(model.kind === 'resolved' && model.acknowledged
      ? {
          resolvedReason: attribute('acknowledged'),
          ...(model.acknowledged.by ? { acknowledgedBy: attribute(model.acknowledged.by) } : {}),
        }
      : {}),
  };
  const key = notificationKey(n);
  return {
    TopicArn: topicArn,
    Subject: subject,
    Message: body,
    MessageAttributes: attributes,
    ...(fifo
      ? {
          MessageGroupId: n.finding.id.replace(NOT_GROUP_ID_CHAR, '-').slice(0, 128),
          MessageDeduplicationId: createHash('sha256').update(key).digest('hex'),
        }
      : {}),
  };
}

/** Headline, counts, the presigned link with how long it works, and the S3 console's link. */
function reportMessage(report: ReportPublished): string {
  const validity = linkValidity(report);
  const lines = [
    report.headline,
    reportCounts(report),
    '',
    `Report${validity ? ` (link ${validity})` : ''}: ${report.link}`,
  ];
  if (report.consoleLink) lines.push(`In the S3 console (AWS sign-in): ${report.consoleLink}`);
  return `${lines.join('\n')}\n`;
}
