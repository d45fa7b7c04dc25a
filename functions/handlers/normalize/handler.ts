import type { ConfigItemSource } from '../../ports/inventory-source';
import type { ResourceBase } from '../../rulebook/model/resource';
import {
  classifyEvent,
  notAnEventProblem,
  type OversizedConfigItem,
} from '../../rulebook/normalizers/events/classify';
import { EventFormatError, NormalizationError } from '../../shared/errors';
import { budgetedInput, TRIAGE_CUTOFF } from '../../shared/execution-budget';
import { lambdaHandler } from '../../shared/middleware';
import { configItemOrder, type ResourceOrder } from '../../shared/resource-order';
import { safeParse } from '../../shared/schemas';
import * as z from '../../shared/zod';

/** What Normalize hands to Evaluate: the normalized subject (JSON; `Unknown` survives, see subject-codec). */
export interface Normalized {
  correlationId: string;
  kind: 'resource' | 'activity' | 'cost-anomaly' | 'compliance-change';
  /**
   * False when there is nothing for the rule book to judge (an item whose configuration Config does
   * not record, `ResourceNotRecorded`). A deleted resource is evaluable: Evaluate resolves its
   * findings.
   */
  evaluable: boolean;
  subject: unknown;
  changeType?: string;
  /** A Config item change: where the item sits in its resource's history (Record orders by it). */
  order?: ResourceOrder;
}

export interface NormalizeDeps {
  configItems: ConfigItemSource;
  /**
   * Milliseconds since the epoch on the clock `$$.Execution.StartTime` comes from (default
   * `Date.now`: Step Functions' and Lambda's clocks agree well enough for the triage cutoff).
   */
  clock?: () => number;
}

const envelope = z.looseObject({
  id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  'detail-type': z.string().check(z.minLength(1)),
  detail: z.record(z.string(), z.unknown()),
});

/**
 * Classifies an EventBridge event into a subject. An oversized Config notification carries only a
 * summary: the full item is fetched through `ConfigItemSource` (GetResourceConfigHistory at the
 * capture time) and normalized like any other item. Input errors are typed and never retried.
 *
 * The triage ASL passes `{ event, executionStartTime }`: past the triage cutoff the task throws
 * `TriageDeadlineError` before anything else, and the event is dead-lettered (execution-budget.ts).
 */
export function createTask(deps: NormalizeDeps) {
  const clock = deps.clock ?? Date.now;
  return async (input: unknown): Promise<Normalized> => {
    const event = budgetedInput(input, 'event', TRIAGE_CUTOFF, clock, 'Normalize');
    const parsed = safeParse(envelope, event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EventFormatError(
        notAnEventProblem(event) ??
          `not an EventBridge event: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const raw = parsed.data;
    const classified = classifyEvent(raw);
    const correlationId = raw.id;
    const order = configItemOrder(raw);
    const ordered = order ? { order } : {};
    switch (classified.kind) {
      case 'resource':
        return {
          correlationId,
          kind: 'resource',
          evaluable: !classified.resource.deleted || order?.deleted !== undefined,
          subject: classified.resource,
          ...(classified.changeType ? { changeType: classified.changeType } : {}),
          ...ordered,
        };
      case 'oversized-config-item': {
        const s = classified.summary;
        if (order?.deleted) {
          // Nothing to fetch: a deletion has no configuration, and the summary names the resource.
          return {
            correlationId,
            kind: 'resource',
            evaluable: true,
            subject: deletedResource(s),
            ...(s.changeType ? { changeType: s.changeType } : {}),
            ...ordered,
          };
        }
        const item = await deps.configItems.latest(
          s.resourceType,
          s.resourceId,
          s.accountId,
          s.region,
          s.captureTime,
        );
        if (item === undefined) {
          throw new NormalizationError(
            `oversized configuration item ${s.resourceType} ${s.resourceId}: AWS Config has no recorded item at ${s.captureTime ?? 'capture time'}`,
          );
        }
        // Without the summary, the event classifies as a regular item change.
        const { configurationItemSummary: _summary, s3DeliverySummary: _s3, ...detail } = raw.detail;
        const full = classifyEvent({
          ...raw,
          detail: {
            ...detail,
            messageType: 'ConfigurationItemChangeNotification',
            configurationItem: item,
          },
        });
        if (full.kind !== 'resource')
          throw new NormalizationError('fetched configuration item is not a resource');
        full.resource.source = 'config';
        return {
          correlationId,
          kind: 'resource',
          evaluable: !full.resource.deleted || order?.deleted !== undefined,
          subject: full.resource,
          ...(s.changeType ? { changeType: s.changeType } : {}),
          ...ordered,
        };
      }
      case 'activity':
        return { correlationId, kind: 'activity', evaluable: true, subject: classified.activity };
      case 'cost-anomaly':
        return { correlationId, kind: 'cost-anomaly', evaluable: true, subject: classified.anomaly };
      case 'compliance-change':
        return { correlationId, kind: 'compliance-change', evaluable: true, subject: classified.change };
    }
  };
}

/** The resource an oversized deletion notice names (its summary carries no configuration). */
function deletedResource(s: OversizedConfigItem): ResourceBase {
  const resource: ResourceBase = { type: s.resourceType, id: s.resourceId } as ResourceBase;
  if (s.resourceName) resource.name = s.resourceName;
  if (s.arn) resource.arn = s.arn;
  if (s.accountId) resource.accountId = s.accountId;
  if (s.region) resource.region = s.region;
  resource.source = 'config';
  resource.tags = {};
  resource.deleted = true;
  return resource;
}

export const createHandler = (deps: NormalizeDeps) => lambdaHandler(createTask(deps));
