import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one Powertools logger of every function. Service name and level come from
 * POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL (set by the function construct). Never log a task
 * token, a Slack token or a signing secret: log ids (finding id, approval id) instead.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compliance-bot' });

/**
 * The correlation id of a task input: the EventBridge event id for triage (`id` on the raw event,
 * `correlationId` on every later payload), the execution id elsewhere.
 */
export function correlationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as Record<string, unknown>;
  for (const key of ['correlationId', 'id', 'executionId']) {
    const value = e[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  const finding = e.finding as { id?: unknown } | undefined;
  if (typeof finding?.id === 'string') return finding.id;
  // The triage Tasks on a time budget wrap their input: { item | event | normalized | evaluated, executionStartTime }.
  if (e.executionStartTime === undefined) return undefined;
  for (const key of ['item', 'event', 'normalized', 'evaluated']) {
    const id = correlationIdOf(e[key]);
    if (id) return id;
  }
  return undefined;
}
