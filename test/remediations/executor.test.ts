import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AwsRemediationExecutor,
  CallNotAllowedError,
  iamActionOf,
  RemediationExecutionError,
  SERVICE_CLIENTS,
  sessionName,
} from '../../functions/adapters/aws/remediation-executor';
import { AwsRemediationReader, ReadOnlyCallError } from '../../functions/adapters/aws/remediation-reader';
import type { PlannedCall } from '../../functions/ports/remediation-executor';
import {
  getRemediation,
  PARAMETER_UNRESTRICTED_ACTIONS,
  remediationReadActions,
} from '../../functions/rulebook/remediations/index';
import { buildPlan, verifyRemediation } from '../../functions/rulebook/remediations/plan';
import { tlsOnlyStatement } from '../../functions/rulebook/remediations/s3-add-tls-only-policy';
import { invalidTargetField } from '../../functions/shared/execution-target';
import { CASES } from './cases';
import { COMMAND_IAM_ACTION } from './iam-map';
import { assumedRole } from './sts';

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
  stsMock.on(AssumeRoleCommand).resolves(assumedRole());
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

/** The target Remediate passes: the plan's account and region, the approval, the catalog remediation. */
const of = (remediationId: string) => ({ ...target, remediationId });

describe('AwsRemediationExecutor', () => {
  it('assumes the member-account role with the approval id in the session name', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation', sts });
    await executor.execute(
      of('s3-enable-versioning'),
      getRemediation('s3-enable-versioning')!.plan(CASES[2]!.finding, {}),
    );
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

  it.each([
    [
      'accountId',
      { accountId: '111122223333:role/admin#', region: 'eu-west-1' },
      /accountId must be a 12-digit AWS account id, got "111122223333:role\/admin#"/,
    ],
    ['accountId', { accountId: '', region: 'eu-west-1' }, /accountId must be a 12-digit/],
    [
      'region',
      { accountId: '111122223333', region: 'eu-west-1.attacker.example' },
      /region must be an AWS region name/,
    ],
  ])(
    'refuses a malformed target %s before assuming any role (InvalidExecutionTargetError)',
    async (_field, bad, message) => {
      // Prepare
      const executor = new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation', sts });
      // Act
      const run = executor.execute(
        { ...of('s3-enable-versioning'), ...bad },
        getRemediation('s3-enable-versioning')!.plan(CASES[2]!.finding, {}),
      );
      // Assess
      await expect(run).rejects.toMatchObject({
        name: 'InvalidExecutionTargetError',
        message: expect.stringMatching(message),
      });
      expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
    },
  );

  it('accepts the regions AWS names, and global (Config’s region of IAM resources)', () => {
    for (const region of [
      'us-east-1',
      'eu-west-1',
      'ap-southeast-2',
      'us-gov-west-1',
      'cn-north-1',
      'eu-isoe-west-1',
      'global',
    ]) {
      expect(invalidTargetField({ accountId: '111122223333', region })).toBeUndefined();
    }
  });

  it('does not assume a role for an empty plan', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    expect(await executor.execute(of('s3-enable-versioning'), [])).toEqual([]);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it('refuses an unknown service before assuming any role', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    await expect(
      executor.execute(of('s3-enable-versioning'), [
        { service: 'Lambda', operation: 'DeleteFunction', input: {}, iamAction: 'lambda:DeleteFunction' },
      ]),
    ).rejects.toBeInstanceOf(CallNotAllowedError);
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
    const run = executor.execute(of(kms.id), getRemediation(kms.id)!.plan(kms.finding, {}));
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
    const tls = CASES.find((c) => c.id === 's3-add-tls-only-policy')!;
    const plan = await buildPlan(getRemediation(tls.id)!, tls.finding, {}, reader(), target);
    expect(plan).toHaveLength(1);
    expect(JSON.parse(plan[0]!.input.Policy as string).Statement).toHaveLength(1);
  });

  it('uses one client per service and region with the assumed credentials', async () => {
    const executor = new AwsRemediationExecutor({ roleName: 'r', sts });
    await executor.execute(
      of('kms-cancel-key-deletion'),
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
    const plan = await buildPlan(remediation, c.finding, c.params, reader(), target);
    const results = await executor.execute(of(c.id), plan);
    expect(results.map((r) => r.call)).toEqual(plan);
    // A write built from a prepare read repeats that read first (same output here: not stale).
    const rechecks = plan.flatMap((call) => (call.precondition ? [call.precondition.read] : []));
    const sent: string[] = [];
    for (const [service, m] of mocks) {
      for (const call of m.calls())
        sent.push(`${service}.${call.args[0].constructor.name.replace(/Command$/, '')}`);
    }
    const expected = [...prepare, ...rechecks, ...plan].map((call) => `${call.service}.${call.operation}`);
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

describe('AwsRemediationExecutor runs only what the catalog declares for the remediation', () => {
  const writer = () => new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation', sts });
  const versioning = getRemediation('s3-enable-versioning')!.plan(CASES[2]!.finding, {});
  const trailName = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail';
  /** An input PutBucketPolicy's exact shape accepts, so only the precondition is refused. */
  const tlsPolicy = {
    Bucket: 'acme-data',
    Policy: JSON.stringify({ Statement: [tlsOnlyStatement('arn:aws:s3:::acme-data')] }),
  };
  const call = (service: string, operation: string, input: Record<string, unknown>, iamAction: string) =>
    ({ service, operation, input, iamAction }) satisfies PlannedCall;

  it.each<[string, string | undefined, PlannedCall[]]>([
    ['no remediation id', undefined, versioning],
    ['a remediation id not in the catalog', 'delete-everything', versioning],
    [
      'an operation whose action the remediation does not declare',
      's3-enable-versioning',
      [call('S3', 'DeleteBucketPolicy', { Bucket: 'acme-data' }, 's3:DeleteBucketPolicy')],
    ],
    [
      'a call naming a declared action for another operation',
      's3-enable-versioning',
      [call('S3', 'DeleteBucket', { Bucket: 'acme-data' }, 's3:PutBucketVersioning')],
    ],
    [
      "another remediation's declared write",
      's3-enable-versioning',
      [call('EC2', 'DeleteVolume', { VolumeId: 'vol-1' }, 'ec2:DeleteVolume')],
    ],
    [
      'a read (the write executor runs the plan, not reads)',
      's3-add-tls-only-policy',
      [call('S3', 'GetBucketPolicy', { Bucket: 'acme-data' }, 's3:GetBucketPolicy')],
    ],
    [
      'UpdateTrail changing more than log file validation',
      'cloudtrail-enable-log-file-validation',
      [
        call(
          'CloudTrail',
          'UpdateTrail',
          { Name: trailName, EnableLogFileValidation: true, S3BucketName: 'attacker-bucket' },
          'cloudtrail:UpdateTrail',
        ),
      ],
    ],
    [
      'UpdateTrail turning log file validation off',
      'cloudtrail-enable-log-file-validation',
      [
        call(
          'CloudTrail',
          'UpdateTrail',
          { Name: trailName, EnableLogFileValidation: false },
          'cloudtrail:UpdateTrail',
        ),
      ],
    ],
    [
      'UpdateDetector changing features',
      'guardduty-enable-detector',
      [
        call(
          'GuardDuty',
          'UpdateDetector',
          { DetectorId: 'd-1', Enable: true, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }] },
          'guardduty:UpdateDetector',
        ),
      ],
    ],
    [
      'UpdateDetector disabling the detector',
      'guardduty-enable-detector',
      [call('GuardDuty', 'UpdateDetector', { DetectorId: 'd-1', Enable: false }, 'guardduty:UpdateDetector')],
    ],
    [
      'ModifyDBInstance resetting the master password',
      'rds-enable-deletion-protection',
      [
        call(
          'RDS',
          'ModifyDBInstance',
          {
            DBInstanceIdentifier: 'orders-db',
            DeletionProtection: true,
            ApplyImmediately: true,
            MasterUserPassword: 'attacker',
          },
          'rds:ModifyDBInstance',
        ),
      ],
    ],
    [
      'ModifyDBInstance making the database public',
      'rds-enable-deletion-protection',
      [
        call(
          'RDS',
          'ModifyDBInstance',
          { DBInstanceIdentifier: 'orders-db', DeletionProtection: true, PubliclyAccessible: true },
          'rds:ModifyDBInstance',
        ),
      ],
    ],
    [
      'UpdateAccessKey re-activating a key',
      'iam-deactivate-access-key',
      [
        call(
          'IAM',
          'UpdateAccessKey',
          { UserName: 'ci', AccessKeyId: 'AKIAEXAMPLE', Status: 'Active' },
          'iam:UpdateAccessKey',
        ),
      ],
    ],
    [
      'PutBucketVersioning suspending versioning',
      's3-enable-versioning',
      [
        call(
          'S3',
          'PutBucketVersioning',
          { Bucket: 'acme-data', VersioningConfiguration: { Status: 'Suspended' } },
          's3:PutBucketVersioning',
        ),
      ],
    ],
    [
      'PutPublicAccessBlock turning a setting off',
      's3-put-public-access-block',
      [
        call(
          'S3',
          'PutPublicAccessBlock',
          {
            Bucket: 'acme-data',
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: false,
              RestrictPublicBuckets: true,
            },
          },
          's3:PutBucketPublicAccessBlock',
        ),
      ],
    ],
    [
      'a precondition read the remediation does not declare as a recheck',
      's3-add-tls-only-policy',
      [
        {
          ...call('S3', 'PutBucketPolicy', tlsPolicy, 's3:PutBucketPolicy'),
          precondition: {
            read: call('S3', 'GetBucketAcl', { Bucket: 'acme-data' }, 's3:GetBucketAcl'),
            sha256: 'x',
          },
        },
      ],
    ],
    [
      'a precondition that is a write',
      's3-add-tls-only-policy',
      [
        {
          ...call('S3', 'PutBucketPolicy', tlsPolicy, 's3:PutBucketPolicy'),
          precondition: {
            read: call('S3', 'DeleteBucketPolicy', { Bucket: 'acme-data' }, 's3:DeleteBucketPolicy'),
            sha256: 'x',
          },
        },
      ],
    ],
  ])('refuses %s before assuming any role', async (_label, remediationId, calls) => {
    // Act
    const run = writer().execute({ ...target, ...(remediationId ? { remediationId } : {}) }, calls);
    // Assess
    await expect(run).rejects.toBeInstanceOf(CallNotAllowedError);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
    for (const m of mocks.values()) expect(m.calls()).toHaveLength(0);
  });

  it('derives each call’s IAM action from the SDK operation as the Service Authorization Reference does', () => {
    for (const [command, action] of Object.entries(COMMAND_IAM_ACTION)) {
      const [service, operation] = command.split('.') as [string, string];
      expect(iamActionOf({ service, operation }), command).toBe(action);
    }
  });

  it('declares an exact input for every action IAM cannot restrict by parameter, and the catalog plans match it', () => {
    for (const c of CASES) {
      const remediation = getRemediation(c.id)!;
      const plan = remediation.plan(c.finding, {
        ...c.params,
        ...(c.prepared ? { prepared: c.prepared } : {}),
      });
      for (const planned of plan) {
        if (PARAMETER_UNRESTRICTED_ACTIONS.has(planned.iamAction))
          expect(remediation.writeInputs?.[planned.operation], `${c.id} ${planned.operation}`).toBeDefined();
        const shape = remediation.writeInputs?.[planned.operation];
        if (shape) expect(shape.safeParse(planned.input).success, `${c.id} ${planned.operation}`).toBe(true);
      }
    }
    expect([...PARAMETER_UNRESTRICTED_ACTIONS].sort()).toEqual([
      'cloudtrail:UpdateTrail',
      'ec2:CreateSnapshot',
      'ec2:CreateVpcEndpoint',
      'ec2:RevokeSecurityGroupIngress',
      'guardduty:CreateDetector',
      'guardduty:UpdateDetector',
      'iam:UpdateAccessKey',
      'rds:ModifyDBCluster',
      'rds:ModifyDBInstance',
      's3:PutBucketPolicy',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketTagging',
      's3:PutBucketVersioning',
    ]);
  });
});

describe('AwsRemediationExecutor refuses a stale plan (precondition reads)', () => {
  const tls = CASES.find((c) => c.id === 's3-add-tls-only-policy' && c.prepared)!;
  const tags = CASES.find((c) => c.id === 'tags-add-mandatory' && c.label === 's3')!;

  async function planned(c: (typeof CASES)[number]) {
    await mockPrepareReads(c);
    const plan = await buildPlan(getRemediation(c.id)!, c.finding, c.params, reader(), target);
    for (const m of mocks.values()) m.resetHistory();
    stsMock.resetHistory();
    return plan;
  }

  it.each([
    ['s3-add-tls-only-policy', tls, 'GetBucketPolicyCommand', { Policy: '{"Statement":[{"Sid":"New"}]}' }],
    ['s3-add-tls-only-policy (the policy was deleted)', tls, 'GetBucketPolicyCommand', undefined],
    ['tags-add-mandatory', tags, 'GetBucketTaggingCommand', { TagSet: [{ Key: 'Project', Value: 'lake' }] }],
  ] as const)(
    '%s: a value changed since the plan: StalePlanError, nothing written',
    async (_l, c, read, now) => {
      // Prepare
      const plan = await planned(c);
      expect(plan[0]!.precondition?.read.operation).toBe(read.replace(/Command$/, ''));
      const { module } = await sdk('S3');
      const m = mocks.get('S3').on(module[read] as never);
      if (now) m.resolves(now);
      else m.rejects(Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy' }));
      // Act
      const run = new AwsRemediationExecutor({ roleName: 'r', sts }).execute(of(c.id), plan);
      // Assess
      await expect(run).rejects.toMatchObject({
        name: 'StalePlanError',
        message: expect.stringMatching(/nothing was changed\. Re-run the remediation/),
      });
      const sent = mocks
        .get('S3')
        .calls()
        .map((x: { args: [{ constructor: { name: string } }] }) => x.args[0].constructor.name);
      expect(sent).toEqual([read]);
    },
  );

  it('the same value passes (response metadata aside): the write is sent after the re-read', async () => {
    const plan = await planned(tls);
    const { module } = await sdk('S3');
    mocks
      .get('S3')
      .on(module.GetBucketPolicyCommand as never)
      .resolves({ ...(tls.prepared![0] as object), $metadata: { httpStatusCode: 200 } });
    await new AwsRemediationExecutor({ roleName: 'r', sts }).execute(of(tls.id), plan);
    expect(mocks.get('S3')).toHaveReceivedCommandTimes(module.PutBucketPolicyCommand as never, 1);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });
});
