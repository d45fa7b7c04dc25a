/** Helpers shared by the cost rules (kept outside `rules/`, where every file is a rule). */
import type { RuleBookConfig } from './config';
import type { CostRootCause } from './model/cost-anomaly';
import type { Severity } from './model/severity';

/** Medium below `costAnomaly.highImpactUsd`, high from there, critical from `criticalImpactUsd`. */
export function severityForImpact(impactUsd: number, config: RuleBookConfig): Severity {
  const { highImpactUsd, criticalImpactUsd } = config.costAnomaly;
  if (impactUsd >= criticalImpactUsd) return 'critical';
  if (impactUsd >= highImpactUsd) return 'high';
  return 'medium';
}

/** `$1,234.50`. Hand-rolled: `toLocaleString` goes through ICU and is ~100x slower. */
export function usd(amount: number): string {
  const negative = amount < 0;
  const [whole = '0', cents = '00'] = Math.abs(amount).toFixed(2).split('.');
  let grouped = '';
  for (let i = whole.length; i > 0; i -= 3) {
    const group = whole.slice(Math.max(0, i - 3), i);
    grouped = grouped ? `${group},${grouped}` : group;
  }
  return `${negative ? '-' : ''}$${grouped}.${cents}`;
}

/** "EC2 - Other / EU-NatGateway-Bytes in eu-west-1, account acme-prod (111122223333), $412.37". */
export function describeCause(cause: CostRootCause): string {
  const what = [cause.service, cause.usageType].filter(Boolean).join(' / ') || 'an unnamed service';
  const where = cause.region ? ` in ${cause.region}` : '';
  const account = cause.linkedAccount
    ? `, account ${cause.linkedAccountName ? `${cause.linkedAccountName} (${cause.linkedAccount})` : cause.linkedAccount}`
    : '';
  const amount = cause.contribution !== undefined ? `, ${usd(cause.contribution)}` : '';
  return `${what}${where}${account}${amount}`;
}
