import { notificationKey, reportKey } from '../../notifications/keys';
import { approvalRequestNotification, outcomeNotification } from '../../notifications/workflow';
import type { DeliveryLedger } from '../../ports/delivery-ledger';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';

/**
 * The error names the Retry blocks of Notify, RequestApproval and NotifyOutcome list (besides the
 * Lambda service errors): when channels fail differently, one of these is rethrown so the state
 * machine retries the channels that can still succeed (a test checks the ASL lists them).
 */
export const RETRIED_NOTIFIER_ERRORS: readonly string[] = [
  'TransientError',
  'SlackRateLimitedError',
  'SlackUnavailableError',
];

export interface FanOutOptions {
  /**
   * Delivery records per (channel, notification key). Without them every attempt sends on every
   * channel, and a retry caused by one channel repeats the others (a standard SNS topic does not
   * deduplicate).
   */
  deliveries?: DeliveryLedger;
  now?: () => Date;
}

/**
 * Sends to every channel (SNS always; Slack when its module is wired in), each on its own: a channel
 * skips what the ledger says it delivered, and records what it delivers. All channels are attempted;
 * if any failed, its error is rethrown afterwards (a retried one first) so the state machine retries,
 * and the retry sends only on the channels that failed. At least once per channel: a send whose record
 * could not be written is sent again by the retry.
 */
export class FanOutNotifier implements WorkflowNotifier {
  private readonly channels: ReadonlyArray<readonly [string, WorkflowNotifier]>;

  /** `channels`: notifiers by channel name (the name is part of the delivery record). */
  constructor(
    channels: Readonly<Record<string, WorkflowNotifier>>,
    private readonly options: FanOutOptions = {},
  ) {
    this.channels = Object.entries(channels);
  }

  notify(notifications: readonly FindingNotification[]) {
    return this.deliver(notifications, notificationKey, (channel, todo) => channel.notify(todo));
  }

  requestApproval(request: ApprovalRequest) {
    return this.deliver(
      [request],
      (r) => notificationKey(approvalRequestNotification(r)),
      (channel, [r]) => channel.requestApproval(r!),
    );
  }

  notifyOutcome(outcome: RemediationOutcome) {
    return this.deliver(
      [outcome],
      (o) => notificationKey(outcomeNotification(o)),
      (channel, [o]) => channel.notifyOutcome(o!),
    );
  }

  reportPublished(report: ReportPublished) {
    return this.deliver([report], reportKey, (channel, [r]) => channel.reportPublished(r!));
  }

  private async deliver<T>(
    items: readonly T[],
    keyOf: (item: T) => string,
    send: (channel: WorkflowNotifier, todo: readonly T[]) => Promise<void>,
  ): Promise<void> {
    if (!items.length) return;
    const ledger = this.options.deliveries;
    const keys = items.map(keyOf);
    const done = ledger ? await Promise.all(keys.map((k) => ledger.delivered(k))) : undefined;
    const results = await Promise.allSettled(
      this.channels.map(async ([name, channel]) => {
        const todo: number[] = [];
        for (let i = 0; i < items.length; i++) if (!done?.[i]?.has(name)) todo.push(i);
        if (!todo.length) return;
        await send(
          channel,
          todo.map((i) => items[i]!),
        );
        if (!ledger) return;
        const at = this.options.now?.() ?? new Date();
        for (const i of todo) await ledger.record(name, keys[i]!, at);
      }),
    );
    const errors: unknown[] = [];
    for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
    if (!errors.length) return;
    throw errors.find((e) => RETRIED_NOTIFIER_ERRORS.includes((e as Error)?.name)) ?? errors[0];
  }
}
