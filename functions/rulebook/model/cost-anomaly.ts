/**
 * A Cost Anomaly Detection alert (EventBridge `aws.ce` "Anomaly Detected" detail, or the SNS message
 * form), normalized. Amounts are USD as AWS reports them.
 */
export interface CostRootCause {
  service?: string;
  usageType?: string;
  region?: string;
  linkedAccount?: string;
  linkedAccountName?: string;
  /** Dollar contribution of this root cause to the anomaly, when AWS provides it. */
  contribution?: number;
}

export interface CostAnomaly {
  kind: 'cost-anomaly';
  anomalyId: string;
  accountId: string;
  accountName?: string;
  monitorArn: string;
  monitorName?: string;
  startDate?: string;
  endDate?: string;
  /** The dimension the monitor watches, e.g. the service name. */
  dimensionValue?: string;
  totalImpact: number;
  totalImpactPercentage?: number;
  totalActualSpend?: number;
  totalExpectedSpend?: number;
  maxImpact?: number;
  currentScore?: number;
  maxScore?: number;
  rootCauses: CostRootCause[];
  detailsLink?: string;
  region: string;
}
