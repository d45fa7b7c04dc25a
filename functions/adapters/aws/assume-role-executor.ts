import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';

/** Temporary credentials of the remediation role in one member account. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * Sends one planned call with the given credentials. The remediation catalog registers one per
 * service it uses (e.g. `S3: (creds, region, call) => new S3Client({...}).send(new XCommand(call.input))`),
 * so this module imports no service client it does not need.
 */
export type ServiceCaller = (
  credentials: RoleCredentials,
  region: string,
  call: PlannedCall,
) => Promise<unknown>;

export class UnsupportedCallError extends Error {
  override readonly name = 'UnsupportedCallError';
}

/**
 * Runs approved plans in member accounts: assumes `arn:aws:iam::<account>:role/<roleName>` (the
 * only place remediation rights exist), then sends each planned call in order. Stops at the first
 * failure (the error propagates, Remediate audits it). Placeholder plans are refused.
 */
export class AssumeRoleExecutor implements RemediationExecutor {
  constructor(
    private readonly sts: STSClient,
    private readonly roleName: string,
    private readonly callers: Readonly<Record<string, ServiceCaller>>,
    private readonly partition = 'aws',
  ) {}

  async execute(target: ExecutionTarget, calls: readonly PlannedCall[]) {
    for (const call of calls) {
      if (!this.callers[call.service]) {
        throw new UnsupportedCallError(`no caller registered for ${call.service}.${call.operation}`);
      }
    }
    const assumed = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${this.partition}:iam::${target.accountId}:role/${this.roleName}`,
        RoleSessionName: 'compliance-bot-remediation',
        DurationSeconds: 900,
      }),
    );
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new Error(`AssumeRole into ${target.accountId} returned no credentials`);
    }
    const credentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    const results: Array<{ call: PlannedCall; output: unknown }> = [];
    for (const call of calls) {
      const caller = this.callers[call.service] as ServiceCaller;
      results.push({ call, output: await caller(credentials, target.region, call) });
    }
    return results;
  }
}
