import type { StoredFinding } from '../ports/findings-store';
import type { RuleResult } from '../rulebook/engine';
import { isResourceDeleted } from '../rulebook/model/resolution';
import type { AnyRule } from '../rulebook/rule';
import { type PillarScore, pillarScores } from '../rulebook/scoring';

/**
 * This week's pillar scores from the findings store. The store keeps failed checks (open findings)
 * and fixed ones (resolved), not every passing check, so the score is "fixed over fixed + open",
 * severity-weighted like every pillar score. A periodic full scan feeding pass counts would replace it.
 * A finding resolved because its resource was deleted counts neither way: nothing was fixed, and
 * nothing is left to fail (AWS Config's NOT_APPLICABLE).
 */
export function scoresFromFindings(
  open: readonly StoredFinding[],
  resolved: readonly StoredFinding[],
): PillarScore[] {
  const results: RuleResult[] = [];
  for (const f of open) results.push(asResult(f, 'fail'));
  for (const f of resolved) if (!isResourceDeleted(f.resolvedReason)) results.push(asResult(f, 'pass'));
  return pillarScores(results);
}

function asResult(f: StoredFinding, status: 'pass' | 'fail'): RuleResult {
  const rule = { id: f.ruleId, pillar: f.pillar, severity: f.severity } as unknown as AnyRule;
  return {
    rule,
    subject: f.resource as never,
    evaluation: { status, message: f.title, severity: f.severity },
  };
}
