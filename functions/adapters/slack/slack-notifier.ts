import type { WebClient } from '@slack/web-api';
import { notificationKey } from '../../notifications/keys';
import { buildFindingMessage, type FindingMessage } from '../../notifications/model';
import {
  buildDigestMessage,
  buildSlackMessage,
  buildThreadReply,
  type SlackMessage,
} from '../../notifications/slack-message';
import { escapeMrkdwn, link, mrkdwn } from '../../notifications/text';
import {
  approvalRequestNotification,
  linkValidity,
  outcomeNotification,
  reportCounts,
} from '../../notifications/workflow';
import type { FindingsStore, SlackThread, StoredFinding } from '../../ports/findings-store';
import type { AccountDirectory, AccountInfo } from '../../ports/inventory-source';
import type {
  ApprovalRequest,
  ApprovalView,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';
import { SEVERITY_RANK } from '../../rulebook/model/severity';
import { defaultSleep, type RetryPolicy, withRetries } from './call';
import { SlackApiError } from './errors';

export interface SlackNotifierOptions {
  client: WebClient;
  channel: string;
  findings: Pick<FindingsStore, 'get' | 'setSlackThread'>;
  accounts?: Pick<AccountDirectory, 'describe'>;
  /** More notifications than this in one call (approval cards excepted) become one digest. Default 10. */
  digestThreshold?: number;
  /** Items listed in a digest. Default 15. */
  digestTop?: number;
  /** Minimum gap between posts in one channel (Slack: about 1 message/s). Default 1000. */
  minIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
}

/**
 * Slack notifier: one thread per finding. First post -> chat.postMessage (thread stored on the
 * finding); a change, a resolution or a decision -> chat.update in place + a thread reply saying what
 * changed. Bursts become one digest. Posts are spaced per channel; 429 and 5xx are retried; what
 * could not be delivered surfaces as a typed error, and the next attempt skips what was delivered.
 */
export class SlackNotifier implements WorkflowNotifier {
  private readonly retry: RetryPolicy;
  private readonly lastPostAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: SlackNotifierOptions) {
    this.retry = {
      maxRetries: 3,
      maxRetryAfterMs: 30_000,
      baseBackoffMs: 500,
      sleep: defaultSleep,
      reserveMs: 6000,
      ...options.retry,
    };
    this.now = options.now ?? Date.now;
  }

  async notify(notifications: readonly FindingNotification[]): Promise<void> {
    const seen = new Set<string>();
    const pending: Array<{ n: FindingNotification; key: string; thread?: SlackThread }> = [];
    for (const n of notifications) {
      const key = notificationKey(n);
      if (seen.has(key)) continue;
      seen.add(key);
      const stored = await this.options.findings.get(n.finding.id);
      const thread = stored?.slack ?? n.finding.slack;
      if (thread?.lastNotification === key) continue;
      // Nothing was ever posted about it (e.g. suppressed, or seen before Slack was set up): no news.
      if (n.kind === 'resolved' && !thread) continue;
      pending.push({ n, key, ...(thread ? { thread } : {}) });
    }
    const accounts = new Map<string, Promise<AccountInfo | undefined>>();
    const model = (n: FindingNotification) => this.model(n, accounts);

    const threshold = this.options.digestThreshold ?? 10;
    const cards = pending.filter(
      (p) => p.n.approval?.state === 'pending' || (p.n.approvalId && !p.n.approval),
    );
    const rest = pending.filter((p) => !cards.includes(p));
    if (pending.length <= threshold) {
      for (const p of pending) await this.deliver(p.n, p.key, p.thread, await model(p.n));
      return;
    }
    for (const p of cards) await this.deliver(p.n, p.key, p.thread, await model(p.n));
    const sorted = [...rest].sort(
      (a, b) => SEVERITY_RANK[b.n.finding.severity] - SEVERITY_RANK[a.n.finding.severity],
    );
    const models = await Promise.all(sorted.map((p) => model(p.n)));
    // Existing threads are updated in place (chat.update is not limited to 1/s); new ones go in the digest.
    for (const [i, p] of sorted.entries()) {
      if (p.thread && !p.thread.digest) {
        await this.update(p.thread, buildSlackMessage(models[i]!));
        await this.options.findings.setSlackThread(p.n.finding.id, { ...p.thread, lastNotification: p.key });
      }
    }
    const digest = buildDigestMessage(models, models.length, this.options.digestTop ?? 15);
    const ts = await this.post(this.options.channel, digest);
    for (const p of sorted) {
      if (p.thread && !p.thread.digest) continue;
      await this.options.findings.setSlackThread(p.n.finding.id, {
        channel: this.options.channel,
        ts,
        lastNotification: p.key,
        digest: true,
      });
    }
  }

  /** The approval card: buttons + dry-run plan, in the finding's thread (message updated in place). */
  async requestApproval(request: ApprovalRequest): Promise<void> {
    await this.notify([approvalRequestNotification(request)]);
  }

  /**
   * How the remediation ended (fixed, verified, failed, rejected, expired), on the finding's card;
   * with `keepCard` (the card is another approval's), only in its thread.
   */
  async notifyOutcome(outcome: RemediationOutcome): Promise<void> {
    const n = outcomeNotification(outcome);
    if (outcome.keepCard && (await this.replyInThread(n))) return;
    await this.notify([n]);
  }

  /** Posts `n` as a reply in its finding's thread, message untouched; false when there is no thread. */
  private async replyInThread(n: FindingNotification): Promise<boolean> {
    const thread = (await this.options.findings.get(n.finding.id))?.slack ?? n.finding.slack;
    if (!thread || thread.digest) return false;
    const model = await this.model(n, new Map());
    await this.post(thread.channel, buildThreadReply(model), thread.ts);
    return true;
  }

  /** The weekly report's headline and link. */
  async reportPublished(report: ReportPublished): Promise<void> {
    const text = escapeMrkdwn(`Weekly compliance report ${report.week}: ${report.headline}`);
    await this.post(this.options.channel, {
      text,
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: `:bar_chart: Weekly compliance report ${report.week}`.slice(0, 150),
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `${mrkdwn(report.headline, 2000)}\n${mrkdwn(reportCounts(report), 500)}`,
          },
        },
        { type: 'section', text: { type: 'mrkdwn', text: reportLinks(report) } },
      ],
    });
  }

  /** Shows a decision or an outcome on the finding's message (approval callback, notify-outcome). */
  async showApproval(finding: StoredFinding, approval: ApprovalView): Promise<void> {
    await this.notify([{ kind: 'changed', finding, approval }]);
  }

  /** A message only `user` sees (e.g. "you are not allowed to approve this"). */
  async postEphemeral(channel: string, user: string, text: string, threadTs?: string): Promise<void> {
    await withRetries('chat.postEphemeral', this.retry, () =>
      this.options.client.chat.postEphemeral({
        channel,
        user,
        text,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
  }

  private async model(
    n: FindingNotification,
    cache: Map<string, Promise<AccountInfo | undefined>>,
  ): Promise<FindingMessage> {
    const accountId = n.finding.resource.accountId;
    let account: AccountInfo | undefined;
    if (accountId && this.options.accounts) {
      let lookup = cache.get(accountId);
      if (!lookup) {
        // The directory is context, not a reason to lose a notification.
        lookup = this.options.accounts.describe(accountId).catch(() => undefined);
        cache.set(accountId, lookup);
      }
      account = await lookup;
    }
    return buildFindingMessage(n, account);
  }

  private async deliver(
    n: FindingNotification,
    key: string,
    thread: SlackThread | undefined,
    model: FindingMessage,
  ) {
    const message = buildSlackMessage(model);
    if (thread && !thread.digest) {
      const updated = await this.update(thread, message);
      if (updated) {
        await this.post(thread.channel, buildThreadReply(model), thread.ts);
        await this.options.findings.setSlackThread(n.finding.id, { ...thread, lastNotification: key });
        return;
      }
    }
    const ts = await this.post(this.options.channel, message);
    await this.options.findings.setSlackThread(n.finding.id, {
      channel: this.options.channel,
      ts,
      lastNotification: key,
    });
  }

  /** chat.update in place; false when the original message is gone (then a new thread starts). */
  private async update(thread: SlackThread, message: SlackMessage): Promise<boolean> {
    try {
      await withRetries('chat.update', this.retry, () =>
        this.options.client.chat.update({
          channel: thread.channel,
          ts: thread.ts,
          text: message.text,
          blocks: message.blocks,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof SlackApiError && ['message_not_found', 'cant_update_message'].includes(error.code))
        return false;
      throw error;
    }
  }

  private async post(channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    await this.pace(channel);
    const result = await withRetries('chat.postMessage', this.retry, () =>
      this.options.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    this.lastPostAt.set(channel, this.now());
    if (typeof result.ts !== 'string') throw new SlackApiError('no_ts_in_response', 'chat.postMessage');
    return result.ts;
  }

  private async pace(channel: string): Promise<void> {
    const last = this.lastPostAt.get(channel);
    const gap = this.options.minIntervalMs ?? 1000;
    if (last === undefined) return;
    const wait = last + gap - this.now();
    if (wait > 0) await this.retry.sleep(wait);
  }
}

/**
 * The report's links: the presigned one with how long it works (it dies with the signing
 * credentials, hours for a Lambda role), and the S3 console's, which keeps working after sign-in.
 */
function reportLinks(report: ReportPublished): string {
  const validity = linkValidity(report);
  const open = `${link(report.link, 'Open the report')}${validity ? ` (${validity})` : ''}`;
  return report.consoleLink
    ? `${open}\n${link(report.consoleLink, 'In the S3 console')} (AWS sign-in)`
    : open;
}
