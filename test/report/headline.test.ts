import { describe, expect, it } from 'vitest';
import { announceReport } from '../../functions/report/headline';
import { sampleReport } from './sample-report';

describe('report announcement', () => {
  const model = sampleReport();
  const link =
    'https://compliance-reports.s3.eu-west-1.amazonaws.com/reports/2026/W47/index.html?X-Amz-Expires=604800';
  const message = announceReport(model, link);

  it('gives SNS a short subject and a readable body with the headline numbers and the link', () => {
    expect(message.subject.length).toBeLessThanOrEqual(100);
    expect(message.subject).toBe(
      `Well-Architected report 2026-W47: overall ${model.overallScore}/100, 6 open findings`,
    );
    expect(message.text).toContain('1 critical, 1 high');
    expect(message.text).toContain(`Report: ${link}`);
    for (const p of model.pillars) expect(message.text).toContain(`${p.title}: ${p.score}`);
  });

  it('says overall n/a without "/100" when no pillar has a score', () => {
    // Prepare
    const empty = { ...sampleReport(), overallScore: null };
    // Act
    const { subject } = announceReport(empty, link);
    // Assess
    expect(subject).toBe('Well-Architected report 2026-W47: overall n/a, 6 open findings');
  });

  it('gives Slack six pillar fields and a button to the presigned link', () => {
    const fields = (message.blocks[1] as { fields: unknown[] }).fields;
    expect(fields).toHaveLength(6);
    expect(JSON.stringify(message.blocks[3])).toContain(link);
  });
});
