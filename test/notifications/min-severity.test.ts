import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFY_MIN_SEVERITY,
  meetsNotifyMinSeverity,
  notifySeverityOf,
} from '../../functions/notifications/min-severity';
import { SEVERITIES, type Severity } from '../../functions/rulebook/model/severity';
import { parseInfraConfig } from '../../infra/config';

/** Expected: is a finding of `severity` posted with `min` as the minimum? (rows: severity, columns: min) */
const EXPECTED: Record<Severity, Record<Severity, boolean>> = {
  critical: { critical: true, high: true, medium: true, low: true, info: true },
  high: { critical: false, high: true, medium: true, low: true, info: true },
  medium: { critical: false, high: false, medium: true, low: true, info: true },
  low: { critical: false, high: false, medium: false, low: true, info: true },
  info: { critical: false, high: false, medium: false, low: false, info: true },
};

const cases = SEVERITIES.flatMap((severity) =>
  SEVERITIES.map((min) => ({ severity, min, posted: EXPECTED[severity][min] })),
);

describe('meetsNotifyMinSeverity', () => {
  it.each(cases)('a $severity finding with minimum $min: posted = $posted', ({ severity, min, posted }) => {
    expect(meetsNotifyMinSeverity({ severity }, min)).toBe(posted);
    // A peak equal to the current severity (what a fresh opening records) changes nothing.
    expect(meetsNotifyMinSeverity({ severity, peakSeverity: severity }, min)).toBe(posted);
  });

  it.each(cases)(
    'a finding now low that peaked at $severity, minimum $min: posted = $posted (or low meets it)',
    ({ severity, min, posted }) => {
      expect(meetsNotifyMinSeverity({ severity: 'low', peakSeverity: severity }, min)).toBe(
        posted || EXPECTED.low[min],
      );
    },
  );

  it('judges on the more severe of the current and the peak severity', () => {
    expect(notifySeverityOf({ severity: 'low', peakSeverity: 'critical' })).toBe('critical');
    expect(notifySeverityOf({ severity: 'high', peakSeverity: 'low' })).toBe('high');
    expect(notifySeverityOf({ severity: 'medium' })).toBe('medium');
  });

  it("is the default of cdk.json's notifyMinSeverity (medium), shared by infra, the functions and npm start", () => {
    const config = parseInfraConfig({
      slack: { channelId: 'C0123456789' },
      organization: { id: 'o-abcdefghij', targetOrganizationalUnitIds: ['r-ab12'] },
    });
    expect(DEFAULT_NOTIFY_MIN_SEVERITY).toBe('medium');
    expect(config.notifyMinSeverity).toBe(DEFAULT_NOTIFY_MIN_SEVERITY);
  });
});
