/** The rule book's source documents (shared/seeds), by number. Every rule names one. */
export const SEEDS = {
  '000': 'Designing & Optimizing AWS Architectures Rule Book',
  '001': 'aws-architecture skill (secure VPC, IAM, ECS, Lambda, RDS, S3, cost, security checklist)',
  '002': 'Well-Architected security and reliability pillar notes',
  '003': 'The six pillars, review questions, CloudTrail/Config evidence automation',
  '004':
    'AWS Infrastructure Best Practices (NAT vs gateway endpoints, cost anomalies, tagging, IAM, monitoring)',
} as const;

export type SeedId = keyof typeof SEEDS;
