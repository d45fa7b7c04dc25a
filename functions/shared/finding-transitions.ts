import type {
  Acknowledgement,
  FindingNotice,
  KeptAcknowledged,
  Occurrence,
  PassedCheck,
  RecordOutcome,
  StoredFinding,
} from '../ports/findings-store';
import type { Finding } from '../rulebook/model/finding';
import type { ResolutionReason } from '../rulebook/model/resolution';
import { SEVERITY_RANK } from '../rulebook/model/severity';
import { isOneOffFinding } from '../rulebook/one-off';
import { fingerprintOf } from './fingerprint';
import { latestSpan, withClosedSpan } from './open-spans';

export type Transition = 'opened' | 'changed' | 'unchanged';

/**
 * What recording `finding` does to what the store holds (pure; both stores use it):
 * new or resolved before -> `opened`; open with another fingerprint -> `changed`; else `unchanged`.
 * First-seen time, the Slack thread and the latest approval requested survive every transition; a
 * reopening keeps the span it closes in `pastOpenings` (bounded, open-spans.ts), so a report of a
 * past week still knows the finding was open then (or resolved that week); the peak severity restarts when
 * the finding (re)opens and otherwise keeps the most severe value seen (a resolution keeps it too);
 * `opened` and `changed` are due a notification (a new `notice`), `unchanged` keeps the notice it
 * had, delivered or not. A one-off finding keeps its latest occurrence (`latestOccurrence`), and
 * once acknowledged it is reopened only by a later one (`keptAcknowledged`: else `unchanged`,
 * `next` is `existing` itself, and `kept` says why).
 */
export function transition(
  existing: StoredFinding | undefined,
  finding: Finding,
  now: Date,
): { next: StoredFinding; kind: Transition; kept?: KeptAcknowledged } {
  const at = now.toISOString();
  if (existing?.acknowledged && existing.status === 'resolved') {
    const kept = keptAcknowledged(existing, finding);
    if (kept) return { next: existing, kind: 'unchanged', kept };
  }
  const fingerprint = fingerprintOf(finding);
  if (!existing || existing.status === 'resolved') {
    // Object.assign, not spread: this runs for every finding of every event (spread is many times slower on Node 20).
    const next: StoredFinding = Object.assign({}, finding, {
      status: 'open' as const,
      firstSeenAt: existing?.firstSeenAt ?? at,
      openedAt: at,
      lastSeenAt: at,
      fingerprint,
      peakSeverity: finding.severity,
    });
    if (existing) next.pastOpenings = withClosedSpan(existing.pastOpenings, latestSpan(existing));
    if (existing?.slack) next.slack = existing.slack;
    if (existing?.latestApproval) next.latestApproval = existing.latestApproval;
    if (isOneOffFinding(finding)) next.latestOccurrence = occurrenceOf(finding);
    next.notice = { kind: 'opened', at };
    return { next, kind: 'opened' };
  }
  const verdict = isConfigVerdict(finding);
  if (verdict !== isConfigVerdict(existing)) {
    // The same open problem told by the other origin (finding ids are shared on purpose): without
    // this, the bot's evaluation and Config's verdict would replace each other as "changed", each
    // post asking for the fix again. Config's terse annotation never replaces the bot's evidence;
    // the bot's evidence replaces the annotation silently unless it changes the severity.
    if (verdict) return { next: Object.assign({}, existing, { lastSeenAt: at }), kind: 'unchanged' };
    if (existing.severity === finding.severity) {
      const next = recordedOver(existing, finding, at, fingerprint);
      if (existing.notice) next.notice = existing.notice;
      return { next, kind: 'unchanged' };
    }
  }
  const next = recordedOver(existing, finding, at, fingerprint);
  if (existing.fingerprint !== fingerprint) {
    next.notice = { kind: 'changed', at };
    return { next, kind: 'changed' };
  }
  if (existing.notice) next.notice = existing.notice;
  return { next, kind: 'unchanged' };
}

/**
 * How long an open finding seen again unchanged may go without being rewritten: its `lastSeenAt`
 * (and the observation it keeps: `observedAt`, `source`) is refreshed at most this often.
 */
export const UNCHANGED_REWRITE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Whether the store must write what `transition` returned. An `unchanged` open finding with the
 * same fingerprint and origin changes nothing a person sees: rewriting it on every event cost, in
 * DynamoDB, a transactional write of the whole item and of its open-findings index copy per failing
 * check per event (a resource that stays non-compliant is seen again on every configuration
 * change). Both stores skip that write, so they keep the same `lastSeenAt`.
 */
export function mustWrite(
  existing: StoredFinding | undefined,
  next: StoredFinding,
  kind: Transition,
): boolean {
  if (kind !== 'unchanged' || existing?.status !== 'open') return true;
  if (existing.fingerprint !== next.fingerprint || existing.peakSeverity !== next.peakSeverity) return true;
  if (isConfigVerdict(existing) !== isConfigVerdict(next)) return true;
  // A one-off finding's latest occurrence bounds what an acknowledgement covers: always kept current.
  const [before, after] = [existing.latestOccurrence, next.latestOccurrence];
  if (before?.at !== after?.at || before?.eventId !== after?.eventId) return true;
  return Date.parse(next.lastSeenAt) - Date.parse(existing.lastSeenAt) >= UNCHANGED_REWRITE_AFTER_MS;
}

/**
 * A Config rule verdict filed under a rule of the book (compliance.ts marks its evidence): Config's
 * annotation, none of the detail the bot's own evaluation of the resource carries.
 */
export function isConfigVerdict(finding: Pick<Finding, 'evidence'>): boolean {
  return (finding.evidence as { mappedFromConfigRule?: unknown } | undefined)?.mappedFromConfigRule === true;
}

/** `finding` recorded over the open `existing`: its content, the existing finding's history. */
function recordedOver(
  existing: StoredFinding,
  finding: Finding,
  at: string,
  fingerprint: string,
): StoredFinding {
  const next: StoredFinding = Object.assign(
    {},
    finding,
    { status: 'open' as const, firstSeenAt: existing.firstSeenAt },
    existing.openedAt ? { openedAt: existing.openedAt } : undefined,
    { lastSeenAt: at, fingerprint, peakSeverity: peakOf(existing, finding) },
  );
  if (existing.pastOpenings) next.pastOpenings = existing.pastOpenings;
  if (existing.slack) next.slack = existing.slack;
  if (existing.latestApproval) next.latestApproval = existing.latestApproval;
  if (isOneOffFinding(finding)) {
    // Events arrive in any order: keep the latest occurrence, not the last one recorded.
    const before = existing.latestOccurrence ?? occurrenceOf(existing);
    const latest = occurrenceOf(finding);
    next.latestOccurrence = isLaterOccurrence(latest, before) ? latest : before;
  }
  return next;
}

/** The occurrence a one-off finding was judged from: its event time and CloudTrail event id. */
export function occurrenceOf(finding: Pick<Finding, 'observedAt' | 'evidence'>): Occurrence {
  const eventId = (finding.evidence as { eventId?: unknown } | undefined)?.eventId;
  return typeof eventId === 'string' && eventId
    ? { at: finding.observedAt, eventId }
    : { at: finding.observedAt };
}

/**
 * `occurrence` happened after `bound`: another event id, and a later event time. The same event id
 * is the same occurrence (a redelivery), whatever its time says. A time that does not parse cannot
 * be ordered: counted as later, so an acknowledged finding reopens (an alert, as before ordering).
 */
export function isLaterOccurrence(occurrence: Occurrence, bound: Occurrence): boolean {
  if (occurrence.eventId !== undefined && occurrence.eventId === bound.eventId) return false;
  const at = Date.parse(occurrence.at);
  const through = Date.parse(bound.at);
  if (Number.isNaN(at) || Number.isNaN(through)) return true;
  return at > through;
}

/**
 * Why recording `finding` leaves the acknowledged `existing` resolved, or undefined when it reopens
 * it. A person acknowledged every occurrence recorded until then (its `latestOccurrence`, kept by the
 * resolution; the stored evidence for findings recorded before it existed): an occurrence no later
 * than that one, or that very event, is a copy of what was acknowledged (EventBridge redelivers for
 * 24 hours, a dead letter can be replayed days later), so it reopens nothing and notifies nobody.
 * A later occurrence is a new call (a new root sign-in): it reopens the finding, as any resolved one.
 * CloudTrail event times have one-second precision: another call in the same second as the latest
 * acknowledged one is not later, and stays acknowledged with it.
 */
export function keptAcknowledged(existing: StoredFinding, finding: Finding): KeptAcknowledged | undefined {
  const ack = existing.acknowledged;
  if (!ack || existing.status !== 'resolved' || !isOneOffFinding(finding)) return undefined;
  const through = existing.latestOccurrence ?? occurrenceOf(existing);
  const occurrence = occurrenceOf(finding);
  if (isLaterOccurrence(occurrence, through)) return undefined;
  return {
    findingId: existing.id,
    ruleId: existing.ruleId,
    occurrence,
    through,
    acknowledged: { by: ack.by, at: ack.at },
  };
}

/** The more severe of what the open finding peaked at (its severity, for older items) and `finding`'s. */
function peakOf(existing: StoredFinding, finding: Finding) {
  const before = existing.peakSeverity ?? existing.severity;
  return SEVERITY_RANK[before] > SEVERITY_RANK[finding.severity] ? before : finding.severity;
}

/**
 * The resolved form of an open finding whose check passed, or, with `cause`, that a person
 * acknowledged (an `Acknowledgement`) or that is resolved for another reason (a `ResolutionReason`:
 * its resource was deleted); undefined when nothing is open.
 */
export function resolution(
  existing: StoredFinding | undefined,
  now: Date,
  cause?: Acknowledgement | ResolutionReason,
): StoredFinding | undefined {
  if (existing?.status !== 'open') return undefined;
  const at = now.toISOString();
  return Object.assign(
    {},
    existing,
    {
      status: 'resolved' as const,
      resolvedAt: at,
      lastSeenAt: at,
      notice: { kind: 'resolved' as const, at },
    },
    cause === undefined ? undefined : 'code' in cause ? { resolvedReason: cause } : { acknowledged: cause },
  );
}

/**
 * How long after a transition its notification may still be on its way: triage is an Express
 * workflow, and no Express execution runs longer than 5 minutes. Within it, the execution that
 * recorded the transition may still be notifying (another event about the same resource often
 * arrives seconds later: a Config change, then the Config rule's verdict); after it, that execution
 * has ended, and an undelivered notice means its Notify failed.
 */
export const NOTICE_IN_FLIGHT_MS = 5 * 60 * 1000;

/**
 * How long an undelivered notice stays owed: the dead-letter queues' retention (14 days), after
 * which the failed item's dead letter is gone anyway. It also keeps every re-send well inside the
 * delivery records' 30 days, so a channel that did deliver is never sent the notice twice, and a
 * notification that fails every time stops failing every later event about the resource.
 */
export const NOTICE_OWED_FOR_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * The notification an unchanged finding still owes: its latest transition (opened or changed while
 * it is open, resolved while it is resolved) was recorded more than NOTICE_IN_FLIGHT_MS ago (and
 * less than NOTICE_OWED_FOR_MS) and either never delivered on every channel (Notify failed, the item
 * was dead-lettered), or, for an opening or a change, delivered while the finding's remediation never
 * started (StartRemediation failed after Notify: Plan marks the start; a resolution starts none).
 * Sent again, its channels that delivered are skipped (delivery records), so only what is missing
 * happens. Undefined when done, possibly still in flight, or for findings recorded before notices
 * existed.
 */
export function owedNotification(finding: StoredFinding, now: Date): FindingNotice['kind'] | undefined {
  const notice = finding.notice;
  if (!notice || (notice.kind === 'resolved') !== (finding.status === 'resolved')) return undefined;
  const remediationDue = notice.kind !== 'resolved' && finding.remediation && !notice.remediationStarted;
  if (notice.delivered && !remediationDue) return undefined;
  const age = now.getTime() - Date.parse(notice.at);
  if (age < NOTICE_IN_FLIGHT_MS || age > NOTICE_OWED_FOR_MS) return undefined;
  return notice.kind;
}

/** Adds an acknowledged finding an occurrence left resolved to the outcome (both stores). */
export function addKept(out: RecordOutcome, kept: KeptAcknowledged): void {
  out.keptAcknowledged ??= [];
  out.keptAcknowledged.push(kept);
}

export function emptyOutcome(): RecordOutcome {
  return { opened: [], changed: [], unchanged: [], resolved: [] };
}

/** A passed check and a failed one on the same id in one batch: the failure wins. */
export function passedWithoutFailures(
  passed: readonly PassedCheck[],
  findings: readonly Finding[],
): PassedCheck[] {
  if (!passed.length) return [];
  const failing = new Set(findings.map((f) => f.id));
  return passed.filter((p) => !failing.has(p.findingId));
}
