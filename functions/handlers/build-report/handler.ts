import { z } from 'zod';
import type { WeeklySnapshot } from '../../ports/score-history';
import type { RuleResult } from '../../rulebook/engine';
import { PILLARS } from '../../rulebook/model/pillar';
import { bySeverityDesc, SEVERITIES, type Severity } from '../../rulebook/model/severity';
import type { AnyRule } from '../../rulebook/rule';
import { type PillarScore, pillarScores } from '../../rulebook/scoring';
import { lambdaHandler } from '../../shared/middleware';
import { parseInput } from '../../shared/schemas';
import type { Gathered, ReportFinding } from '../gather-report/handler';

export interface BuiltReport {
  week: string;
  generatedAt: string;
  scores: PillarScore[];
  openBySeverity: Record<string, number>;
  openByPillar: Record<string, number>;
  totals: { open: number; resolvedThisWeek: number; newThisWeek: number };
  /** Most severe open findings first, at most 25. */
  top: ReportFinding[];
  previous: WeeklySnapshot[];
}

const gathered = z.looseObject({
  week: z.string(),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  open: z.array(z.looseObject({ pillar: z.string(), severity: z.string(), firstSeenAt: z.string() })),
  resolved: z.array(z.looseObject({ pillar: z.string(), severity: z.string() })),
  previous: z.array(z.unknown()),
});

/**
 * Pillar scores and counts (pure). The stores keep failed checks (open findings) and fixed ones
 * (resolved this week), not every passing check: the score here is therefore "fixed over fixed +
 * open", severity-weighted through `pillarScores`, until the periodic full scan feeds pass counts.
 */
export function createTask() {
  return async (input: unknown): Promise<BuiltReport> => {
    const g = parseInput(gathered, input, 'BuildReport') as unknown as Gathered;
    const results: RuleResult[] = [];
    for (const f of g.open) results.push(asResult(f, 'fail'));
    for (const f of g.resolved) results.push(asResult(f, 'pass'));
    const openBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<string, number>;
    const openByPillar = Object.fromEntries(PILLARS.map((p) => [p, 0])) as Record<string, number>;
    let newThisWeek = 0;
    for (const f of g.open) {
      openBySeverity[f.severity] = (openBySeverity[f.severity] ?? 0) + 1;
      openByPillar[f.pillar] = (openByPillar[f.pillar] ?? 0) + 1;
      if (f.firstSeenAt >= g.from && f.firstSeenAt < g.to) newThisWeek++;
    }
    const top = [...g.open]
      .sort(
        (a, b) => bySeverityDesc(a.severity as Severity, b.severity as Severity) || a.id.localeCompare(b.id),
      )
      .slice(0, 25);
    return {
      week: g.week,
      generatedAt: g.generatedAt,
      scores: pillarScores(results),
      openBySeverity,
      openByPillar,
      totals: { open: g.open.length, resolvedThisWeek: g.resolved.length, newThisWeek },
      top,
      previous: g.previous,
    };
  };
}

function asResult(f: ReportFinding, status: 'pass' | 'fail'): RuleResult {
  const rule = { id: f.ruleId, pillar: f.pillar, severity: f.severity } as unknown as AnyRule;
  return {
    rule,
    subject: f.resource as never,
    evaluation: { status, message: f.title, severity: f.severity as Severity },
  };
}

export const createHandler = () => lambdaHandler(createTask());
