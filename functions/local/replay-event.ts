import type { DeadLetterFile } from '../adapters/local/dead-letter-file';
import type { Output } from '../adapters/local/terminal-notifier';
import type { Severity } from '../rulebook/model/severity';
import type { StaleEvent } from '../shared/resource-order';
import type { Approver, LocalRuntime } from './runtime';

/** What `npm start` adds up over a replay. */
export interface ReplayTotals {
  events: number;
  succeeded: number;
  deadLettered: number;
  opened: number;
  changed: number;
  unchanged: number;
  resolved: number;
  suppressed: number;
  belowMinSeverity: number;
  /** Config items older than the latest one applied for their resource: nothing changed. */
  stale: number;
}

export function emptyTotals(): ReplayTotals {
  return {
    events: 0,
    succeeded: 0,
    deadLettered: 0,
    opened: 0,
    changed: 0,
    unchanged: 0,
    resolved: 0,
    suppressed: 0,
    belowMinSeverity: 0,
    stale: 0,
  };
}

const COUNTED = [
  'opened',
  'changed',
  'unchanged',
  'resolved',
  'suppressed',
  'belowMinSeverity',
  'stale',
] as const;

/** Adds `part` into `into` (every counter). */
export function addTotals(into: ReplayTotals, part: ReplayTotals): void {
  for (const key of Object.keys(into) as Array<keyof ReplayTotals>) into[key] += part[key];
}

/**
 * Triages one event as `npm start` does: runs triage, waits for the remediations it started, and
 * says what became of it (no change, not checked, dead-lettered, failed) on `out`. Returns this
 * event's share of the totals. The same code runs in-process and inside a triage worker, so the
 * output of an event does not depend on where it ran.
 */
export async function replayEvent(
  runtime: LocalRuntime,
  deadLetters: DeadLetterFile,
  event: unknown,
  out: Output,
  notifyMinSeverity: Severity,
): Promise<ReplayTotals> {
  const totals = emptyTotals();
  totals.events = 1;
  const before = deadLetters.count;
  const result = await runtime.triage(event);
  await runtime.settle();
  if (result.status === 'SUCCEEDED') {
    totals.succeeded++;
    const output = result.output as { counts?: Record<string, number>; stale?: StaleEvent } | undefined;
    const counts = output?.counts;
    if (output?.stale) out.write(`   ${staleLine(output.stale)}\n`);
    if (counts) {
      for (const key of COUNTED) totals[key] += counts[key] ?? 0;
      if (counts.belowMinSeverity) {
        out.write(
          `   ${counts.belowMinSeverity} finding(s) below ${notifyMinSeverity}: recorded, not notified\n`,
        );
      }
      if (counts.deferred) {
        out.write(
          `   ⏸  Config verdict not applied to ${counts.deferred} open finding(s): the bot's own check still fails; its next evaluation of the resource decides\n`,
        );
      }
      const known = (counts.unchanged ?? 0) - (counts.deferred ?? 0);
      if (!counts.opened && !counts.changed && !counts.resolved && !counts.owed && !counts.stale) {
        if (known || !counts.deferred)
          out.write(known ? `   no change: ${known} finding(s) already known\n` : '   no findings\n');
      }
    } else {
      const error = (result.output as { error?: { Error?: string; Cause?: string } } | undefined)?.error;
      out.write(error?.Cause ? `   not checked: ${error.Cause}\n` : '   nothing to check for this event\n');
    }
  } else if (deadLetters.count > before) {
    totals.deadLettered++;
    const body = deadLetters.messages.at(-1)!.body as { error?: { Error?: string; Cause?: string } };
    out.write(
      `   ✉️  dead-lettered: ${body.error?.Error ?? result.error}: ${body.error?.Cause ?? result.cause}\n`,
    );
  } else {
    out.write(`   ✖ triage failed: ${result.error}: ${result.cause}\n`);
  }
  return totals;
}

/** What `npm start` says of a stale Config item: one line, what was newer, and that nothing changed. */
export function staleLine(stale: StaleEvent): string {
  const newer = `${stale.latest.deleted ? 'the deletion' : 'the item'} captured ${stale.latest.captureTime} (event ${stale.latest.eventId})`;
  return stale.overtaken
    ? `⏭  overtaken: ${newer} was applied while this item (captured ${stale.captureTime}) was being recorded; the rest of it was not applied`
    : `⏭  stale: this configuration item (captured ${stale.captureTime}) is older than ${newer}, already applied: nothing changed, nothing notified`;
}

/** `--approve all|none`: answers every approval request at once and says so on `out`. */
export function answerEvery(mode: 'all' | 'none', out: Output): Approver {
  return () => {
    out.write(`   → ${mode === 'all' ? 'approved' : 'rejected'} (--approve ${mode})\n`);
    // Recorded in the audit trail as decided by the option, not by a person.
    return { decision: mode === 'all' ? 'approved' : 'rejected', by: `--approve ${mode}` };
  };
}
