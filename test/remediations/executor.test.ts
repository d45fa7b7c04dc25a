import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AwsRemediationExecutor,
  RemediationExecutionError,
  SERVICE_CLIENTS,
  sessionName,
  UnsupportedCallError,
} from '../../functions/adapters/aws/remediation-executor';
import { AwsRemediationReader, ReadOnlyCallError } from '../../functions/adapters/aws/remediation-reader';
import type { PlannedCall } from '../../functions/ports/remediation-executor';
import { getRemediation, remediationReadActions } from '../../functions/rulebook/remediations/index';
import { buildPlan, verifyRemediation } from '../../functions/rulebook/remediations/plan';
import { CASES } from './cases';
import { COMMAND_IAM_ACTION } from './iam-map';

type AnyCtor = new (...args: never[]) => { send: unknown };

async function sdk(service: string) {
  const entry = SERVICE_CLIENTS[service]!;
  const module = (await entry.load()) as Record<string, unknown>;
  return { module, Client: module[entry.client] as AnyCtor };
}

const target = {
  accountId: '111122223333',
  region: 'eu-west-1',
  approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
};
const sts = new STSClient({ region: 'eu-west-1' });
const stsMock = mockClient(sts);
// biome-ignore lint/suspicious/noExplicitAny: mocks of several client types
const mocks = new Map<string, any>();

beforeEach(async () => {
  stsMock.reset();
  stsMock.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(),
    },
  });
  for (const service of Object.keys(SERVICE_CLIENTS)) {
    const { Client } = await sdk(service);
    // biome-ignore lint/suspicious/noExplicitAny: generic over clients
    mocks.set(service, mockClient(Client as any));
  }
});

afterEach(() => {
  for (const m of mocks.values()) m.restore();
  mocks.clear();
});

describe('AwsRemediationExecutor', () => {
  it('assumes the member-account role with the approval id in the session name', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation', sts });
    await executor.execute(target, getRemediation('s3-enable-versioning')!.plan(CASES[2]!.finding, {}));
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::111122223333:role/compliance-bot-remediation',
      RoleSessionName: 'compliance-bot-apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
      DurationSeconds: 900,
    });
  });

  it('keeps session names within the STS limits', () => {
    expect(sessionName('a'.repeat(100))).toHaveLength(64);
    expect(sessionName('x y/z')).toBe('compliance-bot-x-y-z');
    expect(sessionName(undefined)).toBe('compliance-bot-manual');
  });

  it('does not assume a role for an empty plan', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    expect(await executor.execute(target, [])).toEqual([]);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it('refuses an unknown service before assuming any role', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    await expect(
      executor.execute(target, [
        { service: 'Lambda', operation: 'DeleteFunction', input: {}, iamAction: 'lambda:DeleteFunction' },
      ]),
    ).rejects.toBeInstanceOf(UnsupportedCallError);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it('stops at the first failing call and reports what completed', async () => {
    const { module } = await sdk('KMS');
    const error = Object.assign(new Error('Key is not pending deletion'), {
      name: 'KMSInvalidStateException',
    });
    mocks
      .get('KMS')
      .on(module.CancelKeyDeletionCommand as never)
      .rejects(error);
    const kms = CASES.find((c) => c.id === 'kms-cancel-key-deletion')!;
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    const run = executor.execute(target, getRemediation(kms.id)!.plan(kms.finding, {}));
    await expect(run).rejects.toBeInstanceOf(RemediationExecutionError);
    await expect(run).rejects.toMatchObject({ name: 'RemediationExecutionError', completed: [] });
    expect(mocks.get('KMS')).toHaveReceivedCommandTimes(module.EnableKeyCommand as never, 0);
  });

  it('returns an allowed "not found" error as an output', async () => {
    const { module } = await sdk('S3');
    mocks
      .get('S3')
      .on(module.GetBucketPolicyCommand as never)
      .rejects(Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy' }));
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    const tls = CASES.find((c) => c.id === 's3-add-tls-only-policy')!;
    const plan = await buildPlan(getRemediation(tls.id)!, tls.finding, {}, executor, target);
    expect(plan).toHaveLength(1);
    expect(JSON.parse(plan[0]!.input.Policy as string).Statement).toHaveLength(1);
  });

  it('uses one client per service and region with the assumed credentials', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    await executor.execute(
      target,
      getRemediation('kms-cancel-key-deletion')!.plan(
        CASES.find((c) => c.id === 'kms-cancel-key-deletion')!.finding,
        {},
      ),
    );
    const calls = mocks.get('KMS').calls();
    expect(calls).toHaveLength(2);
    const config = calls[0].thisValue.config;
    expect(await config.region()).toBe('eu-west-1');
    expect((await config.credentials()).accessKeyId).toBe('ASIAEXAMPLE');
    expect(S3Client).toBeDefined();
  });
});

const reader = () =>
  new AwsRemediationReader({
    roleName: 'compliance-bot-remediation-read',
    readActions: remediationReadActions(),
    sts,
  });

describe('AwsRemediationReader', () => {
  const read: PlannedCall = {
    service: 'S3',
    operation: 'GetBucketVersioning',
    input: { Bucket: 'acme-data' },
    iamAction: 's3:GetBucketVersioning',
  };

  it('assumes the read role and sends a declared read', async () => {
    const { module } = await sdk('S3');
    mocks
      .get('S3')
      .on(module.GetBucketVersioningCommand as never)
      .resolves({ Status: 'Enabled' });
    const [result] = await reader().execute(target, [read]);
    expect(result!.output).toEqual({ Status: 'Enabled' });
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::111122223333:role/compliance-bot-remediation-read',
    });
  });

  it.each<[string, PlannedCall]>([
    [
      'a write operation',
      { service: 'S3', operation: 'PutBucketVersioning', input: {}, iamAction: 's3:PutBucketVersioning' },
    ],
    [
      'a write operation that names a read action',
      { service: 'S3', operation: 'PutBucketPolicy', input: {}, iamAction: 's3:GetBucketPolicy' },
    ],
    [
      'a read the catalog does not declare',
      { service: 'S3', operation: 'GetObject', input: {}, iamAction: 's3:GetObject' },
    ],
    [
      "a declared read of another service's action",
      { service: 'EC2', operation: 'DescribeVolumes', input: {}, iamAction: 's3:GetBucketPolicy' },
    ],
    [
      'an unknown service',
      { service: 'Lambda', operation: 'GetFunction', input: {}, iamAction: 'lambda:GetFunction' },
    ],
  ])('refuses %s before assuming any role, even in a batch with reads', async (_label, call) => {
    await expect(reader().execute(target, [read, call])).rejects.toBeInstanceOf(ReadOnlyCallError);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
    expect(mocks.get('S3').calls()).toHaveLength(0);
  });

  it('exposes nothing but execute (the wrapped executor is private)', () => {
    const r = reader();
    expect(Object.keys(r)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(r)).sort()).toEqual(['constructor', 'execute']);
  });
});

/** Answers the case's `prepare` reads with its recorded outputs; returns those reads. */
async function mockPrepareReads(c: (typeof CASES)[number]): Promise<PlannedCall[]> {
  const prepare = getRemediation(c.id)!.prepare?.(c.finding, c.params) ?? [];
  for (const [i, call] of prepare.entries()) {
    const { module } = await sdk(call.service);
    mocks
      .get(call.service)
      .on(module[`${call.operation}Command`] as never)
      .resolves(c.prepared?.[i] ?? {});
  }
  return prepare;
}

describe.each(CASES)('execute $id ($label)', (c) => {
  it('sends exactly the planned commands, in order, with the planned inputs', async () => {
    const remediation = getRemediation(c.id)!;
    const executor = new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation', sts });
    const prepare = await mockPrepareReads(c);
    const plan = await buildPlan(remediation, c.finding, c.params, executor, target);
    const results = await executor.execute(target, plan);
    expect(results.map((r) => r.call)).toEqual(plan);
    const sent: string[] = [];
    for (const [service, m] of mocks) {
      for (const call of m.calls())
        sent.push(`${service}.${call.args[0].constructor.name.replace(/Command$/, '')}`);
    }
    const expected = [...prepare, ...plan].map((call) => `${call.service}.${call.operation}`);
    expect(sent.sort()).toEqual([...expected].sort());
    for (const call of [...prepare, ...plan]) {
      const { module } = await sdk(call.service);
      expect(mocks.get(call.service)).toHaveReceivedCommandWith(
        module[`${call.operation}Command`] as never,
        call.input as never,
      );
    }
    // The IAM action of each executed command is declared by the module: reads for prepare, writes for the plan.
    for (const call of prepare)
      expect(remediation.readActions).toContain(COMMAND_IAM_ACTION[`${call.service}.${call.operation}`]);
    for (const call of plan)
      expect(remediation.writeActions).toContain(COMMAND_IAM_ACTION[`${call.service}.${call.operation}`]);
  });

  it('plans through the read-only executor, which refuses the plan itself', async () => {
    const remediation = getRemediation(c.id)!;
    const prepare = await mockPrepareReads(c);
    const plan = await buildPlan(remediation, c.finding, c.params, reader(), target);
    expect(plan.length).toBeGreaterThan(0);
    const sent = [...mocks.values()].reduce((n, m) => n + m.calls().length, 0);
    expect(sent).toBe(prepare.length);
    stsMock.resetHistory();
    await expect(reader().execute(target, plan)).rejects.toBeInstanceOf(ReadOnlyCallError);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it('verify re-reads through the read-only executor and judges the output', async () => {
    const remediation = getRemediation(c.id)!;
    const executor = reader();
    const reads = remediation.verify.read(c.finding, c.params);
    for (const [i, call] of reads.entries()) {
      const { module } = await sdk(call.service);
      const out = c.verifyPass[i] as Record<string, unknown>;
      const m = mocks.get(call.service).on(module[`${call.operation}Command`] as never);
      if (typeof out.$error === 'string')
        m.rejects(Object.assign(new Error('not found'), { name: out.$error }));
      else m.resolves(out);
    }
    expect((await verifyRemediation(remediation, c.finding, c.params, executor, target)).ok).toBe(true);
  });
});
