import { describe, expect, it } from 'vitest';
import type { PassedCheck } from '../../functions/ports/findings-store';
import { passResolves } from '../../functions/shared/verdict-source';
import { storedFinding } from '../notifications/findings';

/** The bot's own evidence on the bucket (its evaluation of the Config item). */
const own = storedFinding();
/** Config's NON_COMPLIANT verdict filed under the same rule (compliance.ts marks its evidence). */
const verdict = storedFinding({
  evidence: { configRuleName: 's3-bucket-level-public-access-prohibited', mappedFromConfigRule: true },
});
/** The generic rule's finding for an unmapped Config rule: marked, but not as a mapped verdict. */
const generic = storedFinding({
  ruleId: 'config-rule-non-compliant',
  evidence: { mappedFromConfigRule: false },
});

const check = (extra: Partial<PassedCheck> = {}): PassedCheck => ({
  findingId: own.id,
  ruleId: own.ruleId,
  resource: own.resource,
  ...extra,
});
const configPass = check({ configVerdict: true });
const deleted = check({ reason: { code: 'resource-deleted', text: 'the bucket was deleted' } });

describe('which passes resolve an open finding (one source of truth per finding)', () => {
  it.each([
    ["the bot's own pass, over the bot's evidence", own, check(), true],
    ["the bot's own pass, over Config's verdict", verdict, check(), true],
    ["Config's pass, over Config's verdict", verdict, configPass, true],
    ["Config's pass, over the bot's evidence (the bot's next evaluation decides)", own, configPass, false],
    ["a deletion, over the bot's evidence", own, deleted, true],
    [
      "an unmapped Config rule's pass (not marked a verdict), over its generic finding",
      generic,
      check(),
      true,
    ],
  ])('%s: %s', (_, open, passed, resolves) => {
    expect(passResolves(open, passed)).toBe(resolves);
  });
});
