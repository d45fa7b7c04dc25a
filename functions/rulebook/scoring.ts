import type { RuleResult } from './engine';
import { PILLARS, type Pillar } from './model/pillar';
import { SEVERITY_WEIGHT } from './model/severity';

export interface PillarScore {
  pillar: Pillar;
  /** 0-100, severity-weighted share of passed checks; null when nothing in the pillar was evaluated. */
  score: number | null;
  passed: number;
  failed: number;
  unknown: number;
  notApplicable: number;
}

/**
 * Per pillar: compliant checks over evaluated checks, weighted by severity (a failed critical check
 * costs ten times a failed low one). Unknown and not-applicable results do not count either way.
 */
export function pillarScores(results: Iterable<RuleResult>, severityOf = defaultSeverity): PillarScore[] {
  const acc = new Map<
    Pillar,
    { passW: number; totalW: number; passed: number; failed: number; unknown: number; na: number }
  >(PILLARS.map((p) => [p, { passW: 0, totalW: 0, passed: 0, failed: 0, unknown: 0, na: 0 }]));
  for (const result of results) {
    const bucket = acc.get(result.rule.pillar)!;
    const weight = SEVERITY_WEIGHT[severityOf(result)];
    switch (result.evaluation.status) {
      case 'pass':
        bucket.passed++;
        bucket.passW += weight;
        bucket.totalW += weight;
        break;
      case 'fail':
        bucket.failed++;
        bucket.totalW += weight;
        break;
      case 'unknown':
        bucket.unknown++;
        break;
      default:
        bucket.na++;
    }
  }
  return PILLARS.map((pillar) => {
    const b = acc.get(pillar)!;
    return {
      pillar,
      score: b.totalW === 0 ? null : Math.round((1000 * b.passW) / b.totalW) / 10,
      passed: b.passed,
      failed: b.failed,
      unknown: b.unknown,
      notApplicable: b.na,
    };
  });
}

function defaultSeverity(result: RuleResult) {
  return result.evaluation.severity ?? result.rule.severity;
}
