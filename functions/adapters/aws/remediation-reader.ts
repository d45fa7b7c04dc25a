import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';
import {
  AssumedRoleRunner,
  type AwsRemediationExecutorOptions,
  SERVICE_CLIENTS,
} from './remediation-executor';

/** A call the read-only executor refuses: it is not one of the catalog's declared reads. */
export class ReadOnlyCallError extends Error {
  override readonly name = 'ReadOnlyCallError';
}

export interface AwsRemediationReaderOptions extends AwsRemediationExecutorOptions {
  /** Role in each member account that can only read, e.g. `compliance-bot-remediation-read`. */
  roleName: string;
  /** The catalog's read actions (`remediationReadActions()`): the only IAM actions a call may name. */
  readActions: readonly string[];
}

const READ_OPERATION = /^(Get|List|Describe)[A-Z]/;

/**
 * The read-only executor of Plan (`prepare` reads, before any approval) and Verify (`verify` reads):
 * assumes the member accounts' read role and runs a batch only when every call in it is a read: a
 * Get / List / Describe operation whose IAM action is one the catalog declares as a read and belongs
 * to the call's service. Anything else is refused before a role is assumed or a call is sent.
 *
 * It wraps the call runner (a private field) instead of extending it, so nothing that holds a reader
 * can reach the general `run`; the read role's policy is the second, independent guard.
 *
 * @example
 * const reader = new AwsRemediationReader({ roleName: 'compliance-bot-remediation-read', readActions: remediationReadActions() });
 * await reader.execute(target, remediation.verify.read(finding, params));
 */
export class AwsRemediationReader implements RemediationExecutor {
  readonly #runner: AssumedRoleRunner;
  readonly #reads: ReadonlySet<string>;

  constructor(options: AwsRemediationReaderOptions) {
    const { readActions, ...executorOptions } = options;
    this.#reads = new Set(readActions);
    this.#runner = new AssumedRoleRunner(executorOptions);
  }

  async execute(
    target: ExecutionTarget,
    calls: readonly PlannedCall[],
  ): Promise<Array<{ call: PlannedCall; output: unknown }>> {
    for (const call of calls) assertRead(call, this.#reads);
    return this.#runner.run(target, calls);
  }
}

/** Throws `ReadOnlyCallError` unless `call` is a declared read of its own service. */
export function assertRead(call: PlannedCall, reads: ReadonlySet<string>): void {
  const what = `${call.service}.${call.operation} (${call.iamAction})`;
  if (!READ_OPERATION.test(call.operation)) {
    throw new ReadOnlyCallError(
      `${what} is not a read: the read-only executor runs only Get, List, Describe`,
    );
  }
  if (!reads.has(call.iamAction)) {
    throw new ReadOnlyCallError(`${what}: the catalog declares no such read action`);
  }
  const prefix = SERVICE_CLIENTS[call.service]?.iamPrefix;
  if (prefix === undefined || !call.iamAction.startsWith(`${prefix}:`)) {
    throw new ReadOnlyCallError(`${what}: the IAM action does not belong to the service`);
  }
}
