import type { StoredFinding } from '../ports/findings-store';

/**
 * Monthly "before / after" estimates for open cost findings, from published us-east-1 list prices
 * and the finding's own evidence. Only where the evidence carries what the estimate needs; never a
 * guess dressed as a figure. Prices: Amazon EC2 pricing (public IPv4 $0.005/h since Feb 2024),
 * Amazon EBS pricing (gp2 $0.10, gp3 $0.08 per GB-month), Amazon VPC pricing (NAT $0.045/GB).
 */
const HOURS_PER_MONTH = 730;
const PUBLIC_IPV4_USD_PER_HOUR = 0.005;
const EBS_USD_PER_GB_MONTH: Record<string, number> = {
  gp2: 0.1,
  gp3: 0.08,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05,
};

export interface SavingsEstimate {
  beforeUsdPerMonth: number;
  afterUsdPerMonth: number;
  basis: string;
}

export function estimateMonthlySavings(finding: StoredFinding): SavingsEstimate | undefined {
  const e = finding.evidence;
  const type = finding.resource.type;
  const size = numberOf(e.sizeGb ?? e.size ?? e.volumeSizeGb);
  const volumeType = typeof e.volumeType === 'string' ? e.volumeType : undefined;
  if (type === 'AWS::EC2::EIP') {
    const before = round2(PUBLIC_IPV4_USD_PER_HOUR * HOURS_PER_MONTH);
    return {
      beforeUsdPerMonth: before,
      afterUsdPerMonth: 0,
      basis: 'public IPv4 address $0.005/h, released',
    };
  }
  if (type === 'AWS::EC2::Volume' && size !== undefined) {
    const price = EBS_USD_PER_GB_MONTH[volumeType ?? 'gp2'] ?? EBS_USD_PER_GB_MONTH.gp2!;
    const before = round2(size * price);
    if (/gp2|gp3/.test(finding.ruleId) && volumeType === 'gp2') {
      return {
        beforeUsdPerMonth: before,
        afterUsdPerMonth: round2(size * EBS_USD_PER_GB_MONTH.gp3!),
        basis: `${size} GB gp2 -> gp3`,
      };
    }
    return {
      beforeUsdPerMonth: before,
      afterUsdPerMonth: 0,
      basis: `${size} GB ${volumeType ?? 'gp2'} volume deleted after a snapshot (snapshot storage not included)`,
    };
  }
  const impact = numberOf(e.totalImpact ?? e.impactUsd);
  if (finding.source === 'cost' && impact !== undefined) {
    return {
      beforeUsdPerMonth: round2(impact),
      afterUsdPerMonth: 0,
      basis: 'anomaly impact over its period, if the cause is removed',
    };
  }
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
