/** The six AWS Well-Architected pillars, kebab-case as they appear in every output. */
export const PILLARS = [
  'operational-excellence',
  'security',
  'reliability',
  'performance-efficiency',
  'cost-optimization',
  'sustainability',
] as const;

export type Pillar = (typeof PILLARS)[number];

export const PILLAR_TITLES: Record<Pillar, string> = {
  'operational-excellence': 'Operational Excellence',
  security: 'Security',
  reliability: 'Reliability',
  'performance-efficiency': 'Performance Efficiency',
  'cost-optimization': 'Cost Optimization',
  sustainability: 'Sustainability',
};

export function isPillar(value: unknown): value is Pillar {
  return typeof value === 'string' && (PILLARS as readonly string[]).includes(value);
}
