import type { StoredFinding } from '../../functions/ports/findings-store';
import type { WeeklySnapshot } from '../../functions/ports/score-history';
import { evaluateSubject, RuleBook, toFinding } from '../../functions/rulebook/engine';
import type { Finding } from '../../functions/rulebook/model/finding';
import type { Pillar } from '../../functions/rulebook/model/pillar';
import { PILLARS } from '../../functions/rulebook/model/pillar';
import type { Severity } from '../../functions/rulebook/model/severity';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import type { PillarScore } from '../../functions/rulebook/scoring';
import { configItemFromEvent } from '../support/rule-harness';

/** A real finding: the S3 fixture bucket (Config item from the AWS docs shape) through the real rule book. */
export function realS3Finding(now = new Date('2026-11-18T09:00:00Z')): Finding {
  const book = new RuleBook();
  const resource = normalizeConfigItem(configItemFromEvent('events/config-ci-s3-bucket.json'));
  const finding = evaluateSubject(resource, book, { now })
    .map((r) => toFinding(r, book, now))
    .find((f) => f?.ruleId === 's3-bucket-blocks-public-access');
  if (!finding) throw new Error('fixture bucket should fail the public access rule');
  return finding;
}

export function stored(finding: Finding, overrides: Partial<StoredFinding> = {}): StoredFinding {
  return {
    ...finding,
    status: 'open',
    firstSeenAt: '2026-11-18T09:00:00.000Z',
    lastSeenAt: '2026-11-20T09:00:00.000Z',
    fingerprint: 'f1',
    ...overrides,
  };
}

let counter = 0;
/** A finding with the Finding shape the engine produces, varied by pillar/severity/account. */
export function syntheticFinding(
  pillar: Pillar,
  severity: Severity,
  overrides: Partial<StoredFinding> = {},
): StoredFinding {
  counter++;
  const base = realS3Finding();
  return stored(
    {
      ...base,
      id: `f${String(counter).padStart(6, '0')}`,
      ruleId: `${pillar}-rule-${severity}`,
      title: `${pillar} check (${severity})`,
      pillar,
      severity,
      resource: {
        type: 'AWS::S3::Bucket',
        id: `bucket-${counter}`,
        accountId: '111122223333',
        region: 'eu-west-1',
      },
      message: `gap ${counter}`,
    },
    overrides,
  );
}

export function scores(value: number | null): PillarScore[] {
  return PILLARS.map((pillar, i) => ({
    pillar,
    score: value === null ? null : Math.min(100, value + i),
    passed: 10,
    failed: 2,
    unknown: 1,
    notApplicable: 0,
  }));
}

export function snapshot(week: string, value: number): WeeklySnapshot {
  return { week, takenAt: '2026-11-09T08:00:00Z', scores: scores(value), openBySeverity: {} };
}
