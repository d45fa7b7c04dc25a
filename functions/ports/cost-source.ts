import type { CostData } from '../report/model';

/** Weekly cost figures for the report (Cost Explorer in AWS, fixtures locally). */
export interface CostSource {
  /** Costs of the ISO week [start, end) and of the week before, plus the week's anomalies. */
  weeklyCost(period: { start: Date; end: Date }): Promise<CostData>;
}
