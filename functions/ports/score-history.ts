import type { PillarScore } from '../rulebook/scoring';

/** One weekly snapshot of pillar scores and finding counts, the source of the report's trends. */
export interface WeeklySnapshot {
  /** ISO week, e.g. `2026-W47`. */
  week: string;
  takenAt: string;
  scores: PillarScore[];
  openBySeverity: Record<string, number>;
}

export interface ScoreHistory {
  put(snapshot: WeeklySnapshot): Promise<void>;
  /** The latest `count` snapshots strictly before `beforeWeek`, newest first. */
  latest(count: number, beforeWeek?: string): Promise<WeeklySnapshot[]>;
}
