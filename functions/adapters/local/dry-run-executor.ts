import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';
import type { Output } from './terminal-notifier';

/**
 * Never calls AWS: prints each planned call (and the stale-plan re-read a write would make first) and
 * returns `{ dryRun: true }` as its output.
 */
export class DryRunExecutor implements RemediationExecutor {
  readonly dryRun = true;
  constructor(private readonly out: Output = process.stdout) {}

  async execute(target: ExecutionTarget, calls: readonly PlannedCall[]) {
    this.out.write(`🧪 dry run in ${target.accountId}/${target.region}, nothing is changed:\n`);
    return calls.map((call) => {
      const read = call.precondition?.read;
      if (read) {
        this.out.write(
          `   would re-read ${read.service}.${read.operation} ${JSON.stringify(read.input)} first, and stop (StalePlanError) if it changed since the plan\n`,
        );
      }
      this.out.write(
        `   would call ${call.service}.${call.operation} ${JSON.stringify(call.input)} (${call.iamAction})\n`,
      );
      return { call, output: { dryRun: true } };
    });
  }
}
