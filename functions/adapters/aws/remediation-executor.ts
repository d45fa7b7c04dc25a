import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';

/**
 * Runs planned remediation calls in a member account: assumes `roleName` there (session name carries
 * the approval id, so CloudTrail in the member account shows which approval made the change), then maps
 * each `service` + `operation` to the SDK client and `<operation>Command` and sends them in order.
 * SDK packages are imported lazily, only for the services a plan uses.
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

export function sessionName(approvalId: string | undefined): string {
  const safe = (approvalId ?? 'manual').replace(/[^\w+=,.@-]/g, '-');
  return `compliance-bot-${safe}`.slice(0, 64);
}

export class AwsRemediationExecutor implements RemediationExecutor {
  private readonly sts: STSClient;
  private readonly modules = new Map<string, Promise<SdkModule>>();

  constructor(private readonly options: AwsRemediationExecutorOptions) {
    this.sts = options.sts ?? new STSClient({});
  }

  async execute(
    target: ExecutionTarget,
    calls: readonly PlannedCall[],
  ): Promise<Array<{ call: PlannedCall; output: unknown }>> {
    if (calls.length === 0) return [];
    for (const call of calls) this.service(call);
    const credentials = await this.assumeRole(target);
    const clients = new Map<string, InstanceType<ClientCtor>>();
    const results: Array<{ call: PlannedCall; output: unknown }> = [];
    try {
      for (const call of calls) {
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
          const output = await client.send(new Command(structuredClone(call.input)));
          results.push({ call, output: stripMetadata(output) });
        } catch (error) {
          const name = error instanceof Error ? error.name : '';
          if (call.allowErrors?.includes(name)) {
            results.push({ call, output: { $error: name } });
            continue;
          }
          throw new RemediationExecutionError(call, results, { cause: error });
        }
      }
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

function stripMetadata(output: unknown): unknown {
  if (typeof output !== 'object' || output === null) return output;
  const { $metadata: _ignored, ...rest } = output as Record<string, unknown>;
  return rest;
}
