/**
 * A Config verdict's pass (`PassedCheck.configVerdict`) against what the store holds open, played the
 * same way on every FindingsStore (memory, DynamoDB over moto_server): one source of truth per
 * finding (functions/shared/verdict-source.ts).
 */
import { expect } from 'vitest';
import type { FindingsStore, PassedCheck, RecordOutcome } from '../../functions/ports/findings-store';
import type { Finding } from '../../functions/rulebook/model/finding';
import { storedFinding } from '../notifications/findings';

const T0 = Date.parse('2026-11-22T10:00:00Z');

/** The bot's own evaluation of the bucket's Config item (Block Public Access off), as finding `id`. */
function own(id: string): Finding {
  const { status, firstSeenAt, lastSeenAt, fingerprint, ...content } = storedFinding({ id });
  return content;
}

/** Config's NON_COMPLIANT verdict on the same bucket, filed under the same rule (compliance.ts). */
function verdict(id: string): Finding {
  return Object.assign(own(id), {
    message: 'AWS Config rule s3-bucket-level-public-access-prohibited: not all enabled.',
    evidence: { configRuleName: 's3-bucket-level-public-access-prohibited', mappedFromConfigRule: true },
  });
}

function pass(id: string, configVerdict: boolean): PassedCheck {
  const { ruleId, resource } = own(id);
  return { findingId: id, ruleId, resource, ...(configVerdict ? { configVerdict: true as const } : {}) };
}

type Step = 'own' | 'verdict' | 'own passes' | 'Config passes';

/** What one record call did: `deferred` (Config's pass left the bot's check in charge), else the one non-empty list. */
function summary(out: RecordOutcome): string {
  if (out.deferred?.length) {
    expect(out.unchanged).toEqual(out.deferred);
    return 'deferred';
  }
  const kinds = (['opened', 'changed', 'unchanged', 'resolved'] as const).filter((k) => out[k].length);
  return kinds.join('+') || 'nothing';
}

export const VERDICT_CASES: ReadonlyArray<{
  name: string;
  steps: Step[];
  expected: string[];
  status: string;
}> = [
  {
    name: "the bot's failing check open: Config's pass defers to it, again after the next item",
    steps: ['own', 'Config passes', 'own', 'Config passes'],
    expected: ['opened', 'deferred', 'unchanged', 'deferred'],
    status: 'open',
  },
  {
    name: "Config's verdict open: Config's pass resolves it",
    steps: ['verdict', 'Config passes'],
    expected: ['opened', 'resolved'],
    status: 'resolved',
  },
  {
    name: "Config's verdict taken over by the bot's evidence: Config's pass defers",
    steps: ['verdict', 'own', 'Config passes'],
    expected: ['opened', 'unchanged', 'deferred'],
    status: 'open',
  },
  {
    name: "the bot's own pass resolves the bot's finding; Config's pass then finds it resolved",
    steps: ['own', 'own passes', 'Config passes'],
    expected: ['opened', 'resolved', 'unchanged'],
    status: 'resolved',
  },
  {
    name: "Config's pass of a finding never recorded: nothing",
    steps: ['Config passes'],
    expected: ['nothing'],
    status: 'absent',
  },
];

/** Plays every case on `store` (one finding id per case) and checks each step and the final status. */
export async function playVerdictCases(store: FindingsStore, prefix: string): Promise<void> {
  for (const [index, c] of VERDICT_CASES.entries()) {
    const id = `${prefix}-verdict-${index}`;
    const seen: string[] = [];
    for (const [i, step] of c.steps.entries()) {
      const at = new Date(T0 + i * 60_000);
      const out =
        step === 'own' || step === 'verdict'
          ? await store.record([step === 'own' ? own(id) : verdict(id)], [], at)
          : await store.record([], [pass(id, step === 'Config passes')], at);
      seen.push(summary(out));
    }
    const stored = await store.get(id);
    expect({ case: c.name, steps: seen, status: stored?.status ?? 'absent' }).toEqual({
      case: c.name,
      steps: c.expected,
      status: c.status,
    });
    // Deferred leaves the bot's evidence in place.
    if (c.status === 'open') expect(stored?.evidence).toEqual(own(id).evidence);
  }
}
