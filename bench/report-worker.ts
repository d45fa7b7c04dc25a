/**
 * Builds and renders a weekly report over N findings in a fresh process, so peak RSS is the
 * report's alone. Prints `{ buildMs, renderMs, peakRssMb, htmlKb }` as JSON.
 */

import type { StoredFinding } from '../functions/ports/findings-store';
import { buildReport } from '../functions/report/build';
import { parseIsoWeek } from '../functions/report/iso-week';
import { renderReportFiles } from '../functions/report/render';
import { PILLARS } from '../functions/rulebook/model/pillar';
import { SEVERITIES } from '../functions/rulebook/model/severity';

const count = Number(process.argv[2] ?? 100_000);
const accounts = Array.from({ length: 50 }, (_, i) => ({
  accountId: String(100000000000 + i),
  name: `account-${i}`,
  organizationalUnit: `ou-${i % 5}`,
}));
const findings: StoredFinding[] = Array.from({ length: count }, (_, i) => ({
  id: i.toString(16).padStart(24, '0'),
  ruleId: `rule-${i % 120}`,
  title: `Rule ${i % 120}`,
  pillar: PILLARS[i % PILLARS.length]!,
  severity: SEVERITIES[i % SEVERITIES.length]!,
  resource: {
    type: 'AWS::S3::Bucket',
    id: `bucket-${i}`,
    accountId: accounts[i % accounts.length]!.accountId,
    region: 'eu-west-1',
  },
  message: `Block Public Access is off for blockPublicAcls on bucket-${i}`,
  evidence: { settingsOff: ['blockPublicAcls'] },
  rationale: 'Public buckets are the most common cause of data exposure.',
  recommendation: 'Turn on all four Block Public Access settings.',
  expectedImpact: 'No object can be exposed to the internet.',
  source: 'config',
  seed: { seed: '001', section: 'Secure S3 Bucket' },
  references: {},
  observedAt: '2026-11-18T09:00:00Z',
  status: 'open',
  firstSeenAt: i % 3 === 0 ? '2026-11-18T09:00:00Z' : '2026-10-01T09:00:00Z',
  lastSeenAt: '2026-11-20T09:00:00Z',
  fingerprint: 'x',
}));
const scores = PILLARS.map((pillar) => ({
  pillar,
  score: 70,
  passed: 100,
  failed: 10,
  unknown: 0,
  notApplicable: 0,
}));
const t0 = performance.now();
const model = buildReport({
  week: parseIsoWeek('2026-W47'),
  generatedAt: new Date('2026-11-23T08:00:00Z'),
  openFindings: findings,
  resolvedThisWeek: [],
  currentScores: scores,
  history: Array.from({ length: 11 }, (_, i) => ({
    week: `2026-W${String(46 - i).padStart(2, '0')}`,
    takenAt: '',
    scores,
    openBySeverity: {},
  })),
  cost: { status: 'unavailable', reason: 'bench' },
  accounts: { status: 'ok', data: accounts },
  suppressions: { status: 'ok', data: [] },
  audit: { status: 'ok', data: [] },
});
const t1 = performance.now();
const files = renderReportFiles(model);
const t2 = performance.now();
console.log(
  JSON.stringify({
    buildMs: t1 - t0,
    renderMs: t2 - t1,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    htmlKb: files[0]!.body.length / 1024,
  }),
);
