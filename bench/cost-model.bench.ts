import { handlerEntry } from '../functions/handlers/manifest';

/**
 * What one million events cost the bot, from published on-demand prices (us-east-1, no free tier,
 * no Savings Plans), for the path every event takes: member default bus -> forwarding rule -> central
 * bus -> triage (Express) -> Normalize, Evaluate, Record (Lambda, arm64) -> Notify for the findings
 * that are new or changed -> DynamoDB, SNS.
 *
 * "Event" = an event that passed the bus filters and started a triage execution. Events the filters
 * drop cost nothing here (AWS service events on a default bus are free, rule matching is free, and a
 * dropped event is never forwarded), so this is the cost of the events the bot actually checks.
 *
 * Prices (USD), with sources:
 * - Step Functions Express: $1.00 per 1M requests; duration $0.00001667 per GB-second for the first
 *   1,000 GB-hours, billed in 100 ms steps and 64 MB steps of the memory used.
 *   https://aws.amazon.com/step-functions/pricing/ ; AWS Compute Blog "Building cost-effective AWS
 *   Step Functions workflows" (aws-facts.md §2).
 * - Lambda arm64: $0.20 per 1M requests; $0.0000133334 per GB-second (first 7.5 billion GB-s/month),
 *   billed per 1 ms. https://aws.amazon.com/lambda/pricing/
 * - EventBridge: AWS service events on the default bus are free; events sent to another account's
 *   bus are billed to the sender as custom events, $1.00 per 1M (64 KB chunks). Rules and targets
 *   are not billed. https://aws.amazon.com/eventbridge/pricing/ ; aws-facts.md §4.
 * - DynamoDB on-demand (Standard table class): $0.625 per 1M write request units, $0.125 per 1M read
 *   request units (after the November 2024 price reduction).
 *   https://aws.amazon.com/dynamodb/pricing/on-demand/
 * - SNS standard topic: $0.50 per 1M publish requests (64 KB chunks); deliveries to SQS/Lambda are
 *   free, email/HTTP are extra and depend on the subscribers. https://aws.amazon.com/sns/pricing/
 * - Not in the headline (reported apart): CloudWatch Logs ingestion $0.50 per GB and X-Ray
 *   $5.00 per 1M traces recorded. https://aws.amazon.com/cloudwatch/pricing/ ,
 *   https://aws.amazon.com/xray/pricing/
 */
export const PRICES = {
  expressPerRequest: 1.0 / 1e6,
  expressPerGbSecond: 0.00001667,
  lambdaPerRequest: 0.2 / 1e6,
  lambdaArmPerGbSecond: 0.0000133334,
  eventBridgeCustomEvent: 1.0 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  snsPublish: 0.5 / 1e6,
  logsPerGb: 0.5,
  xrayPerTrace: 5.0 / 1e6,
} as const;

/**
 * Workload assumptions. Durations are warm-invocation estimates for this code (pure rule book in
 * memory, one DynamoDB round trip in Record, SNS + Slack in Notify); cold starts are rare at the
 * volumes where cost matters. Change them here; the output prints every one.
 */
export const ASSUMPTIONS = {
  /** Share of triaged events that come from member accounts (forwarded, billed as custom events). */
  forwardedShare: 0.95,
  normalizeMs: 8,
  evaluateMs: 5,
  recordMs: 30,
  /** Share of events whose outcome is a new, changed or resolved finding (the rest are unchanged). */
  notifiedShare: 0.05,
  notifyMs: 250,
  /** Express execution: billed duration (100 ms steps) and memory used (64 MB steps). */
  expressBilledMs: 200,
  expressMemoryMb: 64,
  /** Record reads the finding (≤ 4 KB, strongly consistent: 1 RRU) for each failed or passed check. */
  checksPerEvent: 1.5,
  /**
   * Share of events that are Config configuration items: Record first advances the resource's
   * watermark (an UpdateItem of a small item, 1 WRU) and writes their findings in transactions.
   */
  configItemShare: 0.8,
  /** The per-resource watermark, ≤ 1 KB, no index. */
  watermarkWriteUnits: 1,
  /**
   * Write units of one finding item on the table: 1.8 KB of JSON (median of the sample state's
   * findings) plus keys, so 2 units of 1 KB. The open-findings index (gsi1) projects every
   * attribute, so each write of an open finding costs the same again there.
   */
  findingItemWriteUnits: 2,
  /**
   * A new, changed or resolved finding is written once. Config items: in a transaction, which
   * doubles the table write and adds a ConditionCheck on the watermark (2 units); others: a plain
   * conditional write. Plus the index copy either way. An unchanged finding is not rewritten
   * (rewritten at most once a day to refresh `lastSeenAt`: bounded by the open findings, not by
   * the events, so not priced per event).
   */
  get writeUnitsPerChange(): number {
    const indexCopy = this.findingItemWriteUnits;
    const transactional = 2 * this.findingItemWriteUnits + 2 + indexCopy;
    const plain = this.findingItemWriteUnits + indexCopy;
    return this.configItemShare * transactional + (1 - this.configItemShare) * plain;
  },
  /**
   * Notify, per notification: one delivery record per channel (SNS and Slack, < 1 KB each) and the
   * finding's notice marked delivered (an UpdateItem of the finding item, with its index copy).
   */
  get notifyWriteUnits(): number {
    return 2 + 2 * this.findingItemWriteUnits;
  },
  /** Notify, per notification: which channels already delivered it (one consistent Query, < 4 KB). */
  notifyReadUnits: 1,
  /**
   * CloudWatch Logs bytes per event with the default `triageLogLevel: ERROR`: the Lambda platform
   * lines (START/END/REPORT, ~430 B per invocation, ~3 invocations); the workflow logs only failed
   * or caught steps, and the handlers log nothing at INFO on the success path.
   */
  logBytesPerEvent: 1_300,
  /** The same with `triageLogLevel: ALL` (every state's input and output with execution data). */
  logBytesPerEventTriageAll: 12_000,
  /** X-Ray default sampling: 1 request/s reservoir + 5%; at volume the 5% dominates. */
  tracedShare: 0.05,
} as const;

export function costPerMillion(a = ASSUMPTIONS, p = PRICES): Record<string, number> {
  const million = 1e6;
  const gbOf = (handler: Parameters<typeof handlerEntry>[0]) => handlerEntry(handler).memoryMb / 1024;
  const lambdaGbSeconds =
    gbOf('normalize') * (a.normalizeMs / 1000) +
    gbOf('evaluate') * (a.evaluateMs / 1000) +
    gbOf('record') * (a.recordMs / 1000) +
    a.notifiedShare * gbOf('notify') * (a.notifyMs / 1000);
  const lambdaRequests = 3 + a.notifiedShare;

  const stepFunctions =
    million *
    (p.expressPerRequest + (a.expressMemoryMb / 1024) * (a.expressBilledMs / 1000) * p.expressPerGbSecond);
  const lambda = million * (lambdaRequests * p.lambdaPerRequest + lambdaGbSeconds * p.lambdaArmPerGbSecond);
  const eventBridge = million * a.forwardedShare * p.eventBridgeCustomEvent;
  const dynamoDb =
    million *
    (a.checksPerEvent * p.dynamoReadUnit +
      a.configItemShare * a.watermarkWriteUnits * p.dynamoWriteUnit +
      a.notifiedShare *
        ((a.writeUnitsPerChange + a.notifyWriteUnits) * p.dynamoWriteUnit +
          a.notifyReadUnits * p.dynamoReadUnit));
  const sns = million * a.notifiedShare * p.snsPublish;
  const total = stepFunctions + lambda + eventBridge + dynamoDb + sns;
  const logs = (million * a.logBytesPerEvent * p.logsPerGb) / 1024 ** 3;
  const logsTriageAll = (million * a.logBytesPerEventTriageAll * p.logsPerGb) / 1024 ** 3;
  const xray = million * a.tracedShare * p.xrayPerTrace;
  const round = (n: number) => Number(n.toFixed(3));
  return {
    costPerMillionEventsUsd: round(total),
    stepFunctionsUsd: round(stepFunctions),
    lambdaUsd: round(lambda),
    eventBridgeUsd: round(eventBridge),
    dynamoDbUsd: round(dynamoDb),
    snsUsd: round(sns),
    /** Not in the headline: observability, which the operator tunes (log level, sampling). */
    logsUsd: round(logs),
    logsUsdWithTriageLogLevelAll: round(logsTriageAll),
    xrayUsd: round(xray),
  };
}

export async function run(): Promise<Record<string, number>> {
  const result = costPerMillion();
  console.log('cost model assumptions (per triaged event):');
  for (const [key, value] of Object.entries(ASSUMPTIONS)) console.log(`  ${key} = ${value}`);
  console.log('prices (USD, us-east-1 on-demand):');
  for (const [key, value] of Object.entries(PRICES)) console.log(`  ${key} = ${value}`);
  return result;
}

if (require.main === module) {
  run().then((result) => console.log(JSON.stringify(result, null, 2)));
}
