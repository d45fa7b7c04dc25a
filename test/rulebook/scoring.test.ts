import { describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../functions/ports/findings-store';
import { scoresFromFindings } from '../../functions/report/scores';
import type { RuleResult } from '../../functions/rulebook/engine';
import type { EvaluationStatus } from '../../functions/rulebook/model/evaluation';
import type { Pillar } from '../../functions/rulebook/model/pillar';
import type { Severity } from '../../functions/rulebook/model/severity';
import type { AnyRule } from '../../functions/rulebook/rule';
import { type PillarScore, pillarScores } from '../../functions/rulebook/scoring';
import { syntheticFinding } from '../report/fixtures';

// Weights from SEVERITY_WEIGHT's documentation: critical 10, high 5, medium 3, low 1, info 0.5.
// Score = 100 x passed weight / (passed + failed weight), one decimal; unknown and not-applicable
// results count neither way.

/** One rule result: a rule of `pillar` with default `severity`, and its evaluation. */
function result(
  pillar: Pillar,
  severity: Severity,
  status: EvaluationStatus,
  override?: Severity,
): RuleResult {
  return {
    rule: { id: `${pillar}-${severity}-${status}`, pillar, severity } as unknown as AnyRule,
    subject: {} as never,
    evaluation: { status, message: status, ...(override ? { severity: override } : {}) },
  };
}

const byPillar = (scores: PillarScore[]) => Object.fromEntries(scores.map((s) => [s.pillar, s]));

describe('pillarScores', () => {
  it('weights by severity and leaves unknown results out: critical pass + low fail + high unknown is 90.9', () => {
    // Prepare: 10 passed of 10 + 1 evaluated; the high unknown (5) is in neither
    const results = [
      result('security', 'critical', 'pass'),
      result('security', 'low', 'fail'),
      result('security', 'high', 'unknown'),
    ];
    // Act
    const scores = byPillar(pillarScores(results));
    // Assess
    expect(scores.security).toEqual({
      pillar: 'security',
      score: 90.9,
      passed: 1,
      failed: 1,
      unknown: 1,
      notApplicable: 0,
    });
  });

  it('a failed critical check costs ten times a failed low one', () => {
    const lowFails = pillarScores([
      result('reliability', 'high', 'pass'),
      result('reliability', 'low', 'fail'),
    ]);
    const criticalFails = pillarScores([
      result('reliability', 'high', 'pass'),
      result('reliability', 'critical', 'fail'),
    ]);
    expect(byPillar(lowFails).reliability!.score).toBe(83.3); // 5 / (5 + 1)
    expect(byPillar(criticalFails).reliability!.score).toBe(33.3); // 5 / (5 + 10)
  });

  it("a result's own severity overrides the rule's default", () => {
    // A medium rule that says this case is critical: 3 passed of 3 + 10
    const scores = pillarScores([
      result('operational-excellence', 'medium', 'pass'),
      result('operational-excellence', 'medium', 'fail', 'critical'),
    ]);
    expect(byPillar(scores)['operational-excellence']!.score).toBe(23.1);
  });

  it('every pillar is listed; one with only unknown or not-applicable results has no score', () => {
    const scores = pillarScores([
      result('cost-optimization', 'high', 'unknown'),
      result('cost-optimization', 'low', 'not-applicable'),
      result('sustainability', 'info', 'pass'),
      result('sustainability', 'low', 'fail'),
    ]);
    expect(scores.map((s) => [s.pillar, s.score])).toEqual([
      ['operational-excellence', null],
      ['security', null],
      ['reliability', null],
      ['performance-efficiency', null],
      ['cost-optimization', null],
      ['sustainability', 33.3], // 0.5 / (0.5 + 1)
    ]);
    expect(byPillar(scores)['cost-optimization']).toMatchObject({
      passed: 0,
      failed: 0,
      unknown: 1,
      notApplicable: 1,
    });
  });
});

describe('scoresFromFindings', () => {
  const resolved = (pillar: Pillar, severity: Severity): StoredFinding =>
    syntheticFinding(pillar, severity, { status: 'resolved', resolvedAt: '2026-11-19T00:00:00Z' });

  it('scores fixed over fixed + open, severity-weighted', () => {
    // Prepare: security fixed a critical (10) and still has a high (5) and a low (1) open;
    // reliability has only an open medium; cost only fixed a low.
    const open = [
      syntheticFinding('security', 'high'),
      syntheticFinding('security', 'low'),
      syntheticFinding('reliability', 'medium'),
    ];
    const fixed = [resolved('security', 'critical'), resolved('cost-optimization', 'low')];
    // Act
    const scores = byPillar(scoresFromFindings(open, fixed));
    // Assess
    expect(scores.security).toMatchObject({ score: 62.5, passed: 1, failed: 2, unknown: 0 }); // 10 / 16
    expect(scores.reliability).toMatchObject({ score: 0, passed: 0, failed: 1 });
    expect(scores['cost-optimization']).toMatchObject({ score: 100, passed: 1, failed: 0 });
    expect(scores.sustainability).toMatchObject({ score: null, passed: 0, failed: 0 });
  });
});
