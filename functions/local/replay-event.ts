import type { DeadLetterFile } from '../adapters/local/dead-letter-file';
import type { Output } from '../adapters/local/terminal-notifier';
import type { KeptAcknowledged } from '../ports/findings-store';
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
    const output = result.output as
      | { counts?: Record<string, number>; stale?: StaleEvent; keptAcknowledged?: KeptAcknowledged[] }
      | undefined;
    const counts = output?.counts;
    if (output?.stale) out.write(`   ${staleLine(output.stale)}\n`);
    const kept = output?.keptAcknowledged ?? [];
    for (const k of kept) out.write(`   ${keptAcknowledgedLine(k)}\n`);
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
      const known = (counts.unchanged ?? 0) - kept.length - (counts.deferred ?? 0);
      if (!counts.opened && !counts.changed && !counts.resolved && !counts.owed && !counts.stale) {
        if (known > 0) out.write(`   no change: ${known} finding(s) already known\n`);
        else if (!kept.length && !counts.deferred) out.write('   no findings\n');
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
    // Triage failed without dead-lettering the event (a States.Runtime error no Catch routes, as
    // for a `null` event; in AWS the execution fails and the failure alarm fires): the local
    // runtime keeps it in the dead-letter file all the same, so nothing is lost.
    const refused = refusedEvent(event, {
      Error: result.error,
      Cause:
        event === null
          ? `event is null, not an EventBridge event: triage failed before Normalize ran (${result.cause}); no Catch routes that error`
          : `triage failed without dead-lettering the event: ${result.cause}`,
    });
    deadLetters.send(refused.body);
    out.write(refused.text);
    totals.deadLettered++;
  }
  return totals;
}

/**
 * An event triage did not dead-letter or cannot take (a line that is not JSON, an event a crashed
 * worker did not finish): the dead letter the local runtime writes for it, with its original
 * payload and the error, the line said of it, and its share of the totals (one dead-lettered event).
 */
export function refusedEvent(
  event: unknown,
  error: { Error: string; Cause: string },
): {
  body: { originalEvent: unknown; error: { Error: string; Cause: string }; stateMachine: string };
  text: string;
  totals: ReplayTotals;
} {
  const totals = emptyTotals();
  totals.events = 1;
  totals.deadLettered = 1;
  return {
    body: { originalEvent: event, error, stateMachine: 'compliance-bot-triage' },
    text: `   ✉️  dead-lettered: ${error.Error}: ${error.Cause}\n`,
    totals,
  };
}

/** What `npm start` says of a stale Config item: one line, what was newer, and that nothing changed. */
export function staleLine(stale: StaleEvent): string {
  const newer = `${stale.latest.deleted ? 'the deletion' : 'the item'} captured ${stale.latest.captureTime} (event ${stale.latest.eventId})`;
  return stale.overtaken
    ? `⏭  overtaken: ${newer} was applied while this item (captured ${stale.captureTime}) was being recorded; the rest of it was not applied`
    : `⏭  stale: this configuration item (captured ${stale.captureTime}) is older than ${newer}, already applied: nothing changed, nothing notified`;
}

/** What `npm start` says of an occurrence an acknowledgement already covers: one line, why nothing happened. */
export function keptAcknowledgedLine(kept: KeptAcknowledged): string {
  const what = (o: KeptAcknowledged['occurrence']) => `${o.at}${o.eventId ? ` (event ${o.eventId})` : ''}`;
  return (
    `⏭  acknowledged: ${kept.ruleId} ${kept.findingId} was acknowledged by ${kept.acknowledged.by} at ${kept.acknowledged.at}, ` +
    `through the occurrence at ${what(kept.through)}; this one at ${what(kept.occurrence)} is not later: nothing changed, nothing notified`
  );
}

/** `--approve all|none`: answers every approval request at once and says so on `out`. */
export function answerEvery(mode: 'all' | 'none', out: Output): Approver {
  return () => {
    out.write(`   → ${mode === 'all' ? 'approved' : 'rejected'} (--approve ${mode})\n`);
    // Recorded in the audit trail as decided by the option, not by a person.
    return { decision: mode === 'all' ? 'approved' : 'rejected', by: `--approve ${mode}` };
  };
}
