import type { PassedCheck, RecordOutcome, StoredFinding } from '../ports/findings-store';
import { isConfigVerdict } from './finding-transitions';

/**
 * One source of truth per finding. A Config rule verdict and the bot's own check of the resource's
 * Config item share a finding id (compliance.ts). The bot's evidence wins while the finding is open
 * (`transition`), and so does its judgement: a Config pass (COMPLIANT, NOT_APPLICABLE) resolves the
 * open finding only when that finding is itself a Config verdict. Otherwise the bot's check still
 * fails on the latest item it saw, and resolving would only reopen the finding, and ask for its fix
 * again, at the next item change (a tag). The bot's evaluation of the next Config item decides.
 *
 * A pass that is not a Config verdict (the bot's own check, a deleted resource) always resolves.
 * Both stores decide with this; the DynamoDB store puts the same test in its conditional update
 * (`CONFIG_VERDICT_CONDITION`), so a concurrent write of the bot's evidence is never resolved.
 */
export function passResolves(open: StoredFinding, check: PassedCheck): boolean {
  return check.configVerdict !== true || isConfigVerdict(open);
}

/**
 * `passResolves` as a DynamoDB condition on the finding item (`data` holds the StoredFinding):
 * the open finding's evidence is marked as Config's verdict (compliance.ts, `isConfigVerdict`).
 */
export const CONFIG_VERDICT_CONDITION = {
  expression: '#data.#evidence.#verdict = :verdict',
  names: { '#evidence': 'evidence', '#verdict': 'mappedFromConfigRule' },
  values: { ':verdict': true },
} as const;

/** Records in `out` an open finding a Config verdict's pass left open: unchanged, and deferred. */
export function addDeferred(out: RecordOutcome, open: StoredFinding): void {
  out.unchanged.push(open);
  if (out.deferred) out.deferred.push(open);
  else out.deferred = [open];
}
