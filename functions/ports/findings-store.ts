import type { Finding } from '../rulebook/model/finding';
import type { ResolutionReason } from '../rulebook/model/resolution';
import type { ResourceRef } from '../rulebook/model/resource';
import type { Severity } from '../rulebook/model/severity';
import type { ResourceOrder, StaleEvent } from '../shared/resource-order';

export type FindingStatus = 'open' | 'resolved';

/** A finding as the store keeps it: the latest evidence plus its history. */
export interface StoredFinding extends Finding {
  status: FindingStatus;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  /**
   * Set when a person closed the finding (functions/approvals/acknowledge.ts), not a passing check:
   * a one-off finding (an activity or a cost anomaly) that no later event resolves. Dropped when the
   * finding opens again.
   */
  acknowledged?: Acknowledgement;
  /**
   * One-off findings only (rulebook/one-off.ts): the latest occurrence (event time, CloudTrail event
   * id) recorded since the finding last opened. Kept by its resolution, so an acknowledged finding
   * knows the latest occurrence its acknowledgement covers: a redelivered or replayed copy of an
   * occurrence up to it does not reopen the finding (finding-transitions.ts `keptAcknowledged`).
   * Absent on findings recorded before it existed (their stored `observedAt` stands in).
   */
  latestOccurrence?: Occurrence;
  /** Why it was resolved, when not because its check passed again (the resource was deleted). */
  resolvedReason?: ResolutionReason;
  /** When it was last opened (first seen, or reopened after a resolution). */
  openedAt?: string;
  /**
   * The spans it was open before it last reopened, oldest first, each ended by a resolution: with
   * `openedAt` / `resolvedAt`, what a past week's report needs to know whether the finding was open
   * at that week's end or resolved during it, whatever happened to it since. Bounded
   * (functions/shared/open-spans.ts: past MAX_PAST_OPENINGS, the two spans with the shortest gap
   * between them merge). Absent on findings that never reopened, and on findings recorded before it
   * existed (their earlier spans are unknown: a report knows only their latest one).
   */
  pastOpenings?: OpenSpan[];
  /** Hash of what a person would see (severity, message, evidence): a change here is worth a new post. */
  fingerprint: string;
  /**
   * The most severe this finding has been since it was last opened: whether its changes and its
   * resolution are posted follows from it (functions/notifications/min-severity.ts).
   */
  peakSeverity?: Severity;
  /** Where the Slack thread of this finding lives, once posted. */
  slack?: SlackThread;
  /**
   * The latest remediation approval requested for this finding: the one whose card (and buttons)
   * its message shows. Set by RequestApproval; kept by every transition, like the thread. An outcome
   * of another approval leaves the card alone while this one is newer or still pending.
   */
  latestApproval?: LatestApproval;
  /**
   * The notification the finding's latest transition (opened, changed, resolved) is due, and whether
   * every channel has it. Record sends an unchanged finding again while `delivered` is unset, so a
   * replayed or redriven event finishes what a failed Notify left undone. Absent on findings recorded
   * before notices existed (treated as delivered).
   */
  notice?: FindingNotice;
}

/** A span a finding was open, ended by a resolution: open from `openedAt` (inclusive) to `resolvedAt`. */
export interface OpenSpan {
  openedAt: string;
  resolvedAt: string;
}

export interface FindingNotice {
  kind: 'opened' | 'changed' | 'resolved';
  /** When the transition was recorded: with the kind, it names this notification among the finding's. */
  at: string;
  /** Set by Notify once every channel delivered it. */
  delivered?: boolean;
  /**
   * Set by the remediation workflow's Plan, first thing, when it runs for this notice: until then a
   * delivered notice of a finding with a remediation is still owed (StartRemediation failed after
   * Notify delivered), and Record sends it again so the remediation starts.
   */
  remediationStarted?: boolean;
}

/** What a notice records as done: its delivery, and the start of its finding's remediation. */
export type NoticeFlag = 'delivered' | 'remediationStarted';

/** An approval requested for a finding (`Approval` in the approval store holds the rest). */
export interface LatestApproval {
  approvalId: string;
  /** ISO instant the request was posted. */
  requestedAt: string;
}

/** The Slack message of a finding. */
export interface SlackThread {
  channel: string;
  ts: string;
  /** Idempotency key of the last notification delivered to this thread (finding, fingerprint, kind, approval state). */
  lastNotification?: string;
  /** The finding was only listed in a burst digest: the next notification starts its own thread. */
  digest?: boolean;
}

/** One occurrence of a one-off finding: the event it was judged from. */
export interface Occurrence {
  /** The finding's `observedAt`: the CloudTrail event time, or a cost anomaly's end date. */
  at: string;
  /** The CloudTrail event id (`evidence.eventId`), when the finding has one. */
  eventId?: string;
}

/**
 * An occurrence of an acknowledged one-off finding that did not reopen it: no later than the latest
 * occurrence the acknowledgement covers (a redelivered or replayed event), or that very event.
 */
export interface KeptAcknowledged {
  findingId: string;
  ruleId: string;
  /** The occurrence just recorded. */
  occurrence: Occurrence;
  /** The latest occurrence the acknowledgement covers. */
  through: Occurrence;
  acknowledged: Pick<Acknowledgement, 'by' | 'at'>;
}

/** Who closed a finding by hand, when, and why (the audit trail holds the same). */
export interface Acknowledgement {
  /** A person's name: the Slack user name, or `--by` of the CLI. */
  by: string;
  /** The Slack user who clicked, shown as a mention in Slack. */
  slackUserId?: string;
  /** ISO instant. */
  at: string;
  reason?: string;
}

/** A check that passed on a resource: resolves the open finding with the same id, if any. */
export interface PassedCheck {
  findingId: string;
  ruleId: string;
  resource: ResourceRef;
  /** Set when the finding is resolved for another reason than a passing check (its resource was deleted). */
  reason?: ResolutionReason;
  /**
   * Set when the pass is an AWS Config rule's verdict (COMPLIANT, NOT_APPLICABLE) filed under a rule
   * the bot also checks itself: it resolves the open finding only when that finding is a Config
   * verdict too. An open finding carrying the bot's own evidence is left to the bot's evaluation of
   * the resource's next Config item (`deferred` in the outcome): one source of truth per finding.
   */
  configVerdict?: true;
}

export interface RecordOutcome {
  /** Seen for the first time, or reopened after being resolved. */
  opened: StoredFinding[];
  /** Still open, but severity, message or evidence changed. */
  changed: StoredFinding[];
  /**
   * Open before and identical now, or resolved before and passing again: nothing new to notify (a
   * redelivered event lands here), unless its notice was never delivered (`owedNotification`).
   */
  unchanged: StoredFinding[];
  /** Were open, now pass. */
  resolved: StoredFinding[];
  /**
   * Open findings a Config verdict's pass (`PassedCheck.configVerdict`) did not resolve: they carry
   * the bot's own evidence, and only its own check resolves them. Listed in `unchanged` too. Absent
   * when there are none.
   */
  deferred?: StoredFinding[];
  /**
   * Set when `record` was given the order of a Config item older than the latest one applied for
   * its resource: nothing was recorded (or, `overtaken`, only what was written before a newer item
   * arrived). See `functions/shared/resource-order.ts`.
   */
  stale?: StaleEvent;
  /**
   * Acknowledged one-off findings this event occurred again for, no later than what the
   * acknowledgement covers: left resolved, nothing written (each is in `unchanged` too).
   */
  keptAcknowledged?: KeptAcknowledged[];
}

export interface FindingQuery {
  status?: FindingStatus;
  accountId?: string;
  /** ISO instants: findings first seen / resolved within [from, to). */
  from?: string;
  to?: string;
}

/**
 * Findings, keyed by their stable id. `record` is idempotent: recording the same evaluation twice
 * yields `unchanged` the second time, so a redelivered event notifies nobody.
 */
export interface FindingsStore {
  /**
   * `order`: the Config item the findings and passed checks come from. The store keeps the latest
   * order applied per resource (a conditional write) and records nothing for an older item
   * (`stale` in the outcome); every write of the findings is conditioned on the watermark still
   * being this item, so two concurrent executions cannot apply an older item over a newer one.
   */
  record(
    findings: readonly Finding[],
    passed: readonly PassedCheck[],
    now: Date,
    order?: ResourceOrder,
  ): Promise<RecordOutcome>;
  get(id: string): Promise<StoredFinding | undefined>;
  /** Paginated under the hood; never a full table scan in the AWS adapter. */
  query(query: FindingQuery): AsyncIterable<StoredFinding>;
  setSlackThread(id: string, thread: SlackThread): Promise<void>;
  /**
   * Resolves an open finding in a person's name (a one-off finding acknowledged: functions/approvals/
   * acknowledge.ts), only while it is open (a conditional write): the resolved finding, or undefined
   * when it was not open (resolved before, unknown), so two clicks resolve it once.
   */
  acknowledge(id: string, acknowledged: Acknowledgement, now: Date): Promise<StoredFinding | undefined>;
  /** Records the approval just requested for the finding (its card replaces any older one). Unknown finding: a no-op. */
  setLatestApproval(id: string, approval: LatestApproval): Promise<void>;
  /**
   * Marks the finding's notice delivered, only if it is still `notice` (same kind and time): a late
   * Notify never marks a newer transition. Unknown finding or another notice: a no-op.
   */
  markNotified(id: string, notice: Pick<FindingNotice, 'kind' | 'at'>): Promise<void>;
  /** Marks the remediation of the finding's notice started, with the same condition as `markNotified`. */
  markRemediationStarted(id: string, notice: Pick<FindingNotice, 'kind' | 'at'>): Promise<void>;
}
