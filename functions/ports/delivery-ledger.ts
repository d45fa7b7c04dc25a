/**
 * Which channels (SNS, Slack, the terminal) have delivered a notification, by the notification's
 * idempotency key. A retried task or a replayed event sends only on the channels that lack it, so an
 * e-mail subscriber never gets the same message twice because Slack was rate limited.
 */
export interface DeliveryLedger {
  /** The channels that delivered the notification `key`. */
  delivered(key: string): Promise<ReadonlySet<string>>;
  /** `channel` delivered `key` (conditional write: recording the same delivery twice is a no-op). */
  record(channel: string, key: string, at: Date): Promise<void>;
}
