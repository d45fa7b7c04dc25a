import type { SeedReference } from './model/finding';
import type { Pillar } from './model/pillar';

/**
 * Seed practices the rule book cannot check from its inputs (CloudFormation templates, AWS Config
 * items, CloudTrail events, cost anomalies): they live in people, processes and documents, not in
 * resource configuration. Listed in RULES.md so a review knows what still needs a human.
 */
export interface NotAutomatablePractice {
  practice: string;
  pillar: Pillar;
  source: SeedReference;
  /** Why no rule can decide it from the bot's inputs. */
  why: string;
}

export const NOT_AUTOMATABLE: readonly NotAutomatablePractice[] = [
  {
    practice: 'Blameless post-mortem process',
    pillar: 'operational-excellence',
    source: { seed: '003', section: 'Pillar Review Questions / Operational Excellence' },
    why: 'A team practice recorded in documents and meetings; no AWS resource or API call shows it.',
  },
  {
    practice: 'Every alert has a runbook',
    pillar: 'operational-excellence',
    source: { seed: '003', section: 'Pillar Review Questions / Operational Excellence' },
    why:
      'An alarm can link a runbook URL in its description, but whether the runbook exists, is current ' +
      'and works can only be judged by reading it.',
  },
  {
    practice: 'Runbooks and incident response procedures',
    pillar: 'operational-excellence',
    source: { seed: '004', section: 'The AWS Well-Architected Framework / 1. Operational Excellence' },
    why: 'Procedures are documents and drills; configuration shows at most that tooling exists.',
  },
  {
    practice: 'Operable at 2am by someone unfamiliar with the system',
    pillar: 'operational-excellence',
    source: { seed: '003', section: 'The six pillars / Operational Excellence (key question)' },
    why: 'A property of documentation, dashboards and training, judged in a review or a game day.',
  },
  {
    practice: 'Regular Well-Architected Tool reviews and monthly cost reviews',
    pillar: 'operational-excellence',
    source: { seed: '004', section: 'The AWS Well-Architected Framework / 1. Operational Excellence' },
    why: 'Review cadence is a process; the bot supports it with weekly reports but cannot prove a review happened.',
  },
  {
    practice: 'A defined incident response plan',
    pillar: 'security',
    source: { seed: '003', section: 'Pillar Review Questions / Security' },
    why: 'A plan is a document with owners and contacts; neither templates nor Config items describe it.',
  },
  {
    practice: 'Anticipate, respond to and recover from incidents (forensics environments)',
    pillar: 'security',
    source: { seed: '002', section: 'Security / Incident Response' },
    why: 'Readiness is shown by exercises, not by the configuration of the resources under review.',
  },
  {
    practice: 'One AWS account per workload',
    pillar: 'security',
    source: { seed: '002', section: 'Security / Best Practices (dedicated account per workload)' },
    why:
      'Whether an account holds exactly one workload depends on what the business calls a workload; ' +
      'a single template or Config item does not say which workload its neighbours belong to.',
  },
  {
    practice: 'Align with compliance frameworks (ISO, SOC 2, HIPAA, GDPR) when required',
    pillar: 'security',
    source: { seed: '000', section: 'Security References / 6. Governance & Compliance' },
    why: 'Which frameworks apply is a business and legal decision; the bot can supply evidence, not the scope.',
  },
  {
    practice: 'Backups are tested (restored), not just created',
    pillar: 'reliability',
    source: { seed: '003', section: 'Pillar Review Questions / Reliability' },
    why: 'Retention and backup plans are checkable; a successful test restore is an exercise whose outcome no input records.',
  },
  {
    practice: 'Test disaster recovery scenarios (RTO/RPO compliance)',
    pillar: 'reliability',
    source: { seed: '000', section: 'Security References / 5. Resilience & Recovery' },
    why: 'RTO and RPO are business targets and DR tests are drills; configuration shows only the means.',
  },
  {
    practice: 'Test failover scenarios regularly',
    pillar: 'reliability',
    source: { seed: '004', section: 'The AWS Well-Architected Framework / 3. Reliability' },
    why: 'Multi-AZ settings are checkable; whether failover was exercised and worked is not in any input.',
  },
  {
    practice: 'A load-tested capacity plan for peak traffic',
    pillar: 'reliability',
    source: { seed: '003', section: 'Pillar Review Questions / Reliability' },
    why: 'Needs expected peak load and load-test results, which no template, Config item or event carries.',
  },
  {
    practice: 'Load test strategy and cost estimates before/after',
    pillar: 'performance-efficiency',
    source: { seed: '000', section: 'Step 6: Validation' },
    why: 'Part of a design proposal written by people; the bot reports gaps, not plans.',
  },
  {
    practice: 'Instance types right-sized to actual usage',
    pillar: 'performance-efficiency',
    source: { seed: '003', section: 'Pillar Review Questions / Performance Efficiency' },
    why: 'Needs utilization metrics over time (CloudWatch, Compute Optimizer), which are not inputs of the rule book.',
  },
  {
    practice: 'Database queries optimized with appropriate indexes',
    pillar: 'performance-efficiency',
    source: { seed: '003', section: 'Pillar Review Questions / Performance Efficiency' },
    why: 'Lives in the schema and the query workload, not in AWS resource configuration.',
  },
  {
    practice: 'Reserved instances or savings plans for predictable workloads',
    pillar: 'cost-optimization',
    source: { seed: '003', section: 'Pillar Review Questions / Cost Optimization' },
    why: 'Needs billing history and commitment inventory, and "predictable" is a judgement about the workload.',
  },
  {
    practice: 'Validate assumptions with small-scale testing',
    pillar: 'cost-optimization',
    source: {
      seed: '004',
      section: 'Cost Optimization Rules / Rule 2: Validate Assumptions with Small-Scale Testing',
    },
    why: 'An engineering habit before changes, not a property of deployed resources.',
  },
  {
    practice: 'Test/dev environments shut down when not needed',
    pillar: 'sustainability',
    source: { seed: '003', section: 'Pillar Review Questions / Sustainability' },
    why: '"Not needed" depends on working hours and usage; a schedule can be seen, but not whether it fits the need.',
  },
];
