import type { InteractionDeps, InteractionOutcome } from './interaction';
import { acknowledge, processInteraction } from './interaction';
import type { Interaction } from './payload';

/** The parts of a Lambda function URL / API Gateway v2 request the endpoint reads. */
export interface HttpRequest {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApprovalEndpointOptions {
  deps: InteractionDeps;
  /** From Secrets Manager (SlackSecretProvider), cached per container. */
  signingSecret: () => Promise<string>;
  /**
   * Hand the verified click to a second invocation (Lambda async self-invoke or SQS) so Slack gets
   * its 200 at once; that invocation calls `processInteraction`. Without it the click is processed
   * inline before answering (one conditional write, one SendTask*, one chat.update, one audit put:
   * well under Slack's 3 s in practice).
   */
  defer?: (interaction: Interaction) => Promise<void>;
  onOutcome?: (outcome: InteractionOutcome) => void;
  /**
   * A request refused before any work: 401 (bad signature or stale timestamp: a wrong signing
   * secret, or a probe of the public URL) or 400 (a payload the endpoint does not handle). The
   * deployed handler logs it under `REJECTED_REQUEST_MESSAGE`, which an alarm counts.
   */
  onRejected?: (rejection: { statusCode: 400 | 401; reason: string }) => void;
}

/** The log message of a refused Slack request; infra's metric filter matches it exactly. */
export const REJECTED_REQUEST_MESSAGE = 'Slack request rejected';

/** The approval-callback handler body: verify, acknowledge, then process (inline or deferred). */
export function createApprovalEndpoint(options: ApprovalEndpointOptions) {
  return async (request: HttpRequest): Promise<HttpResponse> => {
    const ack = acknowledge(
      {
        rawBody: request.body ?? '',
        headers: request.headers ?? {},
        ...(request.isBase64Encoded ? { isBase64Encoded: true } : {}),
      },
      await options.signingSecret(),
      options.deps.now(),
    );
    if (ack.statusCode !== 200) options.onRejected?.({ statusCode: ack.statusCode, reason: ack.body });
    if (ack.interaction) {
      if (options.defer) await options.defer(ack.interaction);
      else {
        // Not `onOutcome?.(await process…)`: an optional call skips evaluating its argument.
        const outcome = await processInteraction(options.deps, ack.interaction);
        options.onOutcome?.(outcome);
      }
    }
    return {
      statusCode: ack.statusCode,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: ack.body,
    };
  };
}
