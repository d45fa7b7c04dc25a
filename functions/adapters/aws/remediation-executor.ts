import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';
import {
  getRemediation,
  PARAMETER_UNRESTRICTED_ACTIONS,
  type Remediation,
} from '../../rulebook/remediations/index';
import { readFingerprint } from '../../rulebook/remediations/remediation';
import { StalePlanError } from '../../shared/errors';
import { assertExecutionTarget } from '../../shared/execution-target';
import { sessionName } from './session-name';

/**
 * Runs planned remediation calls in a member account: assumes `roleName` there (session name carries
 * the approval id, so CloudTrail in the member account shows which approval made the change), then maps
 * each `service` + `operation` to the SDK client and `<operation>Command` and sends them in order.
 * SDK packages are imported lazily, only for the services a plan uses. What may run is decided by the
 * wrappers: `AwsRemediationExecutor` (catalog writes) and `AwsRemediationReader` (catalog reads).
 */
interface SdkModule {
  [name: string]: unknown;
}

type ClientCtor = new (
  config: Record<string, unknown>,
) => {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
};
type CommandCtor = new (input: Record<string, unknown>) => unknown;

/**
 * `PlannedCall.service` -> how to load its SDK, and the IAM service prefix of its actions. Only these
 * services can be remediated.
 */
export const SERVICE_CLIENTS: Readonly<
  Record<string, { load: () => Promise<SdkModule>; client: string; iamPrefix: string }>
> = {
  S3: { load: () => import('@aws-sdk/client-s3'), client: 'S3Client', iamPrefix: 's3' },
  EC2: { load: () => import('@aws-sdk/client-ec2'), client: 'EC2Client', iamPrefix: 'ec2' },
  KMS: { load: () => import('@aws-sdk/client-kms'), client: 'KMSClient', iamPrefix: 'kms' },
  IAM: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient', iamPrefix: 'iam' },
  CloudTrail: {
    load: () => import('@aws-sdk/client-cloudtrail'),
    client: 'CloudTrailClient',
    iamPrefix: 'cloudtrail',
  },
  GuardDuty: {
    load: () => import('@aws-sdk/client-guardduty'),
    client: 'GuardDutyClient',
    iamPrefix: 'guardduty',
  },
  ConfigService: {
    load: () => import('./sdk/config-service-calls'),
    client: 'ConfigServiceClient',
    iamPrefix: 'config',
  },
  RDS: { load: () => import('@aws-sdk/client-rds'), client: 'RDSClient', iamPrefix: 'rds' },
};

/** A planned call failed. `completed` lists the calls that succeeded before it (for the audit log). */
export class RemediationExecutionError extends Error {
  override readonly name = 'RemediationExecutionError';
  readonly failedCall: PlannedCall;
  readonly completed: Array<{ call: PlannedCall; output: unknown }>;
  constructor(
    failedCall: PlannedCall,
    completed: Array<{ call: PlannedCall; output: unknown }>,
    options: { cause: unknown },
  ) {
    const reason =
      options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : 'error';
    super(
      `${failedCall.service}.${failedCall.operation} failed after ${completed.length} call(s): ${reason}`,
      options,
    );
    this.failedCall = failedCall;
    this.completed = completed;
  }
}

/** A call names a service or operation the executor cannot map to an SDK command. */
export class UnsupportedCallError extends Error {
  override readonly name = 'UnsupportedCallError';
}

/**
 * A call the catalog does not allow for the plan's remediation: no or an unknown remediation id, an
 * IAM action the remediation does not declare (or that does not match the SDK operation), an input
 * other than the one its `writeInputs` declares. Refused before any role is assumed; except an input
 * that must match what its precondition re-reads (`writeMatchesRead`): refused after that read,
 * before any write.
 */
export class CallNotAllowedError extends Error {
  override readonly name = 'CallNotAllowedError';
}

/**
 * SDK operations whose IAM action is not `<iamPrefix>:<Operation>` (Service Authorization Reference).
 * Any other operation's action is derived from its name, so a call cannot name an action of its own.
 */
const IAM_ACTION_EXCEPTIONS: Readonly<Record<string, string>> = {
  'S3.PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  'S3.GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  'S3.PutBucketEncryption': 's3:PutEncryptionConfiguration',
  'S3.GetBucketEncryption': 's3:GetEncryptionConfiguration',
};

/** The IAM action an SDK call needs, from its service and operation (never from the call's own `iamAction`). */
export function iamActionOf(call: Pick<PlannedCall, 'service' | 'operation'>): string | undefined {
  const prefix = SERVICE_CLIENTS[call.service]?.iamPrefix;
  if (prefix === undefined || !/^[A-Z][A-Za-z0-9]*$/.test(call.operation)) return undefined;
  return IAM_ACTION_EXCEPTIONS[`${call.service}.${call.operation}`] ?? `${prefix}:${call.operation}`;
}

const READ_OPERATION = /^(Get|List|Describe)[A-Z]/;

/**
 * Throws `CallNotAllowedError` unless every call is one `remediation` may make: its IAM action
 * (derived from service + operation, and equal to the one the call names) is a declared write action,
 * its input matches the declared `writeInputs` shape (required for the actions IAM cannot restrict by
 * parameter), and its precondition read, if any, is a declared `recheckActions` read (required for a
 * write whose input `writeMatchesRead` checks against that read).
 */
export function assertCatalogCalls(
  remediationId: string | undefined,
  calls: readonly PlannedCall[],
): Remediation {
  const remediation = remediationId === undefined ? undefined : getRemediation(remediationId);
  if (!remediation) {
    throw new CallNotAllowedError(
      `remediation ${JSON.stringify(remediationId ?? null)} is not in the catalog: nothing is run`,
    );
  }
  const refuse = (call: PlannedCall, why: string) =>
    new CallNotAllowedError(
      `${remediation.id}: ${call.service}.${call.operation} (${call.iamAction}) ${why}`,
    );
  const action = (call: PlannedCall) => {
    const derived = iamActionOf(call);
    if (derived === undefined) throw refuse(call, 'is not an operation of a supported service');
    if (derived !== call.iamAction) throw refuse(call, `needs ${derived}, not the action the call names`);
    return derived;
  };
  for (const call of calls) {
    if (!remediation.writeActions.includes(action(call))) {
      throw refuse(call, 'is not one of the write actions the remediation declares');
    }
    const shape = remediation.writeInputs?.[call.operation];
    if (!shape && PARAMETER_UNRESTRICTED_ACTIONS.has(call.iamAction)) {
      throw refuse(
        call,
        'has no declared input shape (writeInputs), required for an action IAM cannot restrict',
      );
    }
    if (shape && !shape.safeParse(call.input).success) {
      throw refuse(call, `input ${JSON.stringify(call.input)} is not the one the remediation produces`);
    }
    if (remediation.writeMatchesRead?.[call.operation] && !call.precondition) {
      throw refuse(call, "carries the resource's state but no precondition read to check it against");
    }
    const read = call.precondition?.read;
    if (read) {
      if (
        !READ_OPERATION.test(read.operation) ||
        !(remediation.recheckActions ?? []).includes(action(read))
      ) {
        throw refuse(read, 'is not one of the recheck reads the remediation declares');
      }
    }
  }
  return remediation;
}

export interface AwsRemediationExecutorOptions {
  /** Role in each member account, e.g. `compliance-bot-remediation`. */
  roleName: string;
  /** Default `aws`. */
  partition?: string;
  /** Injected (created once per container). */
  sts?: STSClient;
  /** Extra client settings (tests point `endpoint` at moto_server). */
  clientConfig?: Record<string, unknown>;
  /** Assumed-role session length, seconds (900..3600). Default 900. */
  durationSeconds?: number;
}

export { sessionName } from './session-name';

type Send = (call: PlannedCall) => Promise<unknown>;

/**
 * Runs calls as given under a role assumed in the target account: no policy of its own. Wrapped by
 * `AwsRemediationExecutor` (catalog writes, Remediate) and `AwsRemediationReader` (catalog reads,
 * Plan and Verify), which decide what may run.
 */
export class AssumedRoleRunner {
  private readonly sts: STSClient;
  private readonly modules = new Map<string, Promise<SdkModule>>();

  constructor(private readonly options: AwsRemediationExecutorOptions) {
    this.sts = options.sts ?? new STSClient({});
  }

  /**
   * Assumes the role once, runs `before` (if given) with a `send` on the same session, then each call
   * in order. An error a call allows comes back as `{ $error: name }`; any other stops the run with a
   * `RemediationExecutionError` listing the calls that completed.
   */
  async run(
    target: ExecutionTarget,
    calls: readonly PlannedCall[],
    before?: (send: Send) => Promise<void>,
  ): Promise<Array<{ call: PlannedCall; output: unknown }>> {
    if (calls.length === 0) return [];
    for (const call of calls) this.service(call);
    const credentials = await this.assumeRole(target);
    const clients = new Map<string, InstanceType<ClientCtor>>();
    const results: Array<{ call: PlannedCall; output: unknown }> = [];
    const send: Send = async (call) => {
      const module = await this.load(call.service);
      const Command = module[`${call.operation}Command`] as CommandCtor | undefined;
      if (typeof Command !== 'function') {
        throw new UnsupportedCallError(`${call.service} has no ${call.operation}Command`);
      }
      let client = clients.get(call.service);
      if (!client) {
        const Client = module[this.service(call).client] as ClientCtor;
        client = new Client({ region: target.region, credentials, ...this.options.clientConfig });
        clients.set(call.service, client);
      }
      try {
        return stripMetadata(await client.send(new Command(structuredClone(call.input))));
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (call.allowErrors?.includes(name)) return { $error: name };
        throw new RemediationExecutionError(call, results, { cause: error });
      }
    };
    try {
      await before?.(send);
      for (const call of calls) results.push({ call, output: await send(call) });
    } finally {
      for (const client of clients.values()) client.destroy();
    }
    return results;
  }

  private service(call: PlannedCall) {
    const entry = SERVICE_CLIENTS[call.service];
    if (!entry) throw new UnsupportedCallError(`no SDK client for service ${JSON.stringify(call.service)}`);
    return entry;
  }

  private load(service: string): Promise<SdkModule> {
    let module = this.modules.get(service);
    if (!module) {
      module = SERVICE_CLIENTS[service]!.load();
      this.modules.set(service, module);
    }
    return module;
  }

  private async assumeRole(target: ExecutionTarget) {
    // The target comes from a finding or a stored plan: checked again here, where the ARN is built.
    assertExecutionTarget(target);
    const partition = this.options.partition ?? 'aws';
    const out = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${partition}:iam::${target.accountId}:role/${this.options.roleName}`,
        RoleSessionName: sessionName(target.approvalId),
        DurationSeconds: this.options.durationSeconds ?? 900,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new Error(`AssumeRole into ${target.accountId} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  }
}

/**
 * Remediate's executor: runs an approved plan's calls in the member account under the remediation
 * (write) role, but only calls the catalog allows for `target.remediationId` (`assertCatalogCalls`,
 * checked before any role is assumed), so a forged plan cannot use the role for anything else. Then,
 * on the same session and before any write, repeats each write's precondition read and refuses the
 * whole plan (`StalePlanError`, nothing written) when a value changed since the plan was made, or
 * (`CallNotAllowedError`, nothing written) when a write is not what the remediation makes of that
 * read (`writeMatchesRead`: e.g. a bucket policy with more than the fix added to the policy read).
 *
 * @example
 * const executor = new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation' });
 * await executor.execute({ ...plan.target, approvalId, remediationId: plan.remediationId }, plan.calls);
 */
export class AwsRemediationExecutor implements RemediationExecutor {
  readonly #runner: AssumedRoleRunner;

  constructor(options: AwsRemediationExecutorOptions) {
    this.#runner = new AssumedRoleRunner(options);
  }

  async execute(
    target: ExecutionTarget,
    calls: readonly PlannedCall[],
  ): Promise<Array<{ call: PlannedCall; output: unknown }>> {
    const remediation = assertCatalogCalls(target.remediationId, calls);
    const guarded = calls.filter((call) => call.precondition !== undefined);
    return this.#runner.run(target, calls, async (send) => {
      for (const call of guarded) {
        const { read, sha256 } = call.precondition!;
        const current = await send(read);
        if (readFingerprint(current) !== sha256) {
          throw new StalePlanError(
            `${remediation.id}: ${read.service}.${read.operation} ${JSON.stringify(read.input)} returns ` +
              `something else than when the plan was made, so ${call.service}.${call.operation} would write ` +
              'back a stale copy; nothing was changed. Re-run the remediation for a fresh plan and approve that one.',
          );
        }
        const matches = remediation.writeMatchesRead?.[call.operation];
        if (matches && !matches(call.input, read, current)) {
          throw new CallNotAllowedError(
            `${remediation.id}: ${call.service}.${call.operation} input ${JSON.stringify(call.input)} is not ` +
              `what the remediation makes of ${read.service}.${read.operation} ${JSON.stringify(read.input)}; nothing was changed`,
          );
        }
      }
    });
  }
}

function stripMetadata(output: unknown): unknown {
  if (typeof output !== 'object' || output === null) return output;
  const { $metadata: _ignored, ...rest } = output as Record<string, unknown>;
  return rest;
}
