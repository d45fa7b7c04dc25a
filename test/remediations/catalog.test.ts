import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  getRemediation,
  REMEDIATIONS,
  remediationReadActions,
  remediationRecheckActions,
  remediationWriteActions,
} from '../../functions/rulebook/remediations/index';
import { RemediationPlanError, readFingerprint } from '../../functions/rulebook/remediations/remediation';
import { CASES, finding } from './cases';
import { COMMAND_IAM_ACTION, IMPLICIT_ACTIONS } from './iam-map';

const DIR = join(__dirname, '../../functions/rulebook/remediations');
const REQUIRED = [
  's3-put-public-access-block',
  's3-enable-default-encryption',
  's3-enable-versioning',
  's3-add-tls-only-policy',
  'ec2-revoke-world-open-ingress',
  'cloudtrail-start-logging',
  'cloudtrail-enable-log-file-validation',
  'guardduty-enable-detector',
  'config-start-recorder',
  'kms-enable-key-rotation',
  'kms-cancel-key-deletion',
  'iam-deactivate-access-key',
  'iam-detach-administrator-access',
  'vpc-create-gateway-endpoints',
  'ebs-snapshot-and-delete-volume',
  'ec2-release-elastic-ip',
  'tags-add-mandatory',
  'rds-enable-deletion-protection',
];

function allCalls(c: (typeof CASES)[number]) {
  const remediation = getRemediation(c.id)!;
  const prepare = remediation.prepare?.(c.finding, c.params) ?? [];
  const plan = remediation.plan(c.finding, { ...c.params, ...(c.prepared ? { prepared: c.prepared } : {}) });
  const verify = remediation.verify.read(c.finding, c.params);
  const rechecks = plan.flatMap((call) => (call.precondition ? [call.precondition.read] : []));
  return { remediation, prepare, plan, verify, rechecks, all: [...prepare, ...plan, ...rechecks, ...verify] };
}

describe('remediation catalog', () => {
  it('has one module per file, id = file name, in a sorted registry', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'remediation.ts', 'plan.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(REMEDIATIONS)).toEqual(files);
    for (const [id, remediation] of Object.entries(REMEDIATIONS)) expect(remediation.id).toBe(id);
  });

  it('covers every remediation id the rules reference', () => {
    for (const id of REQUIRED) expect(getRemediation(id), id).toBeDefined();
  });

  it('has at least one test case per remediation', () => {
    expect(new Set(CASES.map((c) => c.id))).toEqual(new Set(Object.keys(REMEDIATIONS)));
  });

  it('marks deletions as destructive with an irreversible note', () => {
    for (const id of ['ebs-snapshot-and-delete-volume', 'ec2-release-elastic-ip']) {
      expect(REMEDIATIONS[id]!.destructive).toBe(true);
      expect(REMEDIATIONS[id]!.irreversibleNote).toMatch(/cannot be undone|may not be recoverable/);
    }
    const destructive = Object.values(REMEDIATIONS)
      .filter((r) => r.destructive)
      .map((r) => r.id);
    expect(destructive.sort()).toEqual(['ebs-snapshot-and-delete-volume', 'ec2-release-elastic-ip']);
  });

  it.each([
    ['remediationWriteActions', remediationWriteActions, 'writeActions'],
    ['remediationReadActions', remediationReadActions, 'readActions'],
  ] as const)('%s is the sorted union of every module', (_name, union, key) => {
    const actions = union();
    expect(actions).toEqual([...actions].sort());
    expect(new Set(actions)).toEqual(new Set(Object.values(REMEDIATIONS).flatMap((r) => r[key])));
    expect(actions).not.toContain('*');
    expect(actions.every((a) => /^[a-z0-9-]+:[A-Za-z]+$/.test(a))).toBe(true);
  });

  it('declares only Get / List / Describe actions as reads, and none of them as writes', () => {
    const read = /^[a-z0-9-]+:(Get|List|Describe)/;
    for (const remediation of Object.values(REMEDIATIONS)) {
      expect(
        remediation.readActions.filter((a) => !read.test(a)),
        remediation.id,
      ).toEqual([]);
      expect(
        remediation.writeActions.filter((a) => read.test(a)),
        remediation.id,
      ).toEqual([]);
    }
    const writes = new Set(remediationWriteActions());
    expect(remediationReadActions().filter((a) => writes.has(a))).toEqual([]);
  });

  it('declares as rechecks only reads it also declares as reads (the same prepare reads, repeated)', () => {
    for (const remediation of Object.values(REMEDIATIONS)) {
      for (const action of remediation.recheckActions ?? []) {
        expect(remediation.readActions, remediation.id).toContain(action);
      }
    }
    expect(remediationRecheckActions()).toEqual(['s3:GetBucketPolicy', 's3:GetBucketTagging']);
  });
});

describe.each(CASES)('$id ($label)', (c) => {
  it('declares the IAM action each call needs, and every call maps to the SDK command', () => {
    const { all } = allCalls(c);
    for (const call of all) {
      const expected = COMMAND_IAM_ACTION[`${call.service}.${call.operation}`];
      expect(expected, `${call.service}.${call.operation} is not in the command -> IAM map`).toBeDefined();
      expect(call.iamAction).toBe(expected);
    }
  });

  it('declares the plan calls as writes, the prepare and verify calls as reads, precondition reads as rechecks', () => {
    const { remediation, prepare, plan, verify, rechecks } = allCalls(c);
    for (const call of plan) expect(remediation.writeActions).toContain(call.iamAction);
    for (const call of [...prepare, ...verify]) expect(remediation.readActions).toContain(call.iamAction);
    for (const call of rechecks) expect(remediation.recheckActions).toContain(call.iamAction);
  });

  it('guards a write built from a prepare read with that read and the fingerprint of its output', () => {
    const { remediation, prepare, plan } = allCalls(c);
    if (!remediation.recheckActions?.length || !c.prepared) return;
    for (const call of plan) {
      expect(call.precondition, call.operation).toEqual({
        read: prepare[0],
        sha256: readFingerprint(c.prepared[0]),
      });
    }
  });

  it('verify passes on the fixed state and fails on the unfixed one', () => {
    const remediation = getRemediation(c.id)!;
    expect(remediation.verify.check(c.verifyPass, c.finding, c.params).ok).toBe(true);
    const failed = remediation.verify.check(c.verifyFail, c.finding, c.params);
    expect(failed.ok).toBe(false);
    expect(failed.message.length).toBeGreaterThan(0);
  });
});

describe('IAM actions declared = IAM actions used', () => {
  it('every declared action is used by some case, or is an implicit permission with a reason', () => {
    for (const remediation of Object.values(REMEDIATIONS)) {
      const cases = CASES.filter((c) => c.id === remediation.id).map(allCalls);
      const writes = new Set(cases.flatMap((c) => c.plan.map((x) => x.iamAction)));
      const reads = new Set(cases.flatMap((c) => [...c.prepare, ...c.verify].map((x) => x.iamAction)));
      const rechecks = new Set(cases.flatMap((c) => c.rechecks.map((x) => x.iamAction)));
      expect(
        (remediation.recheckActions ?? []).filter((a) => !rechecks.has(a)),
        remediation.id,
      ).toEqual([]);
      const unusedWrites = remediation.writeActions.filter(
        (a) => !writes.has(a) && !IMPLICIT_ACTIONS[`${remediation.id} ${a}`],
      );
      expect(unusedWrites, remediation.id).toEqual([]);
      expect(
        remediation.readActions.filter((a) => !reads.has(a)),
        remediation.id,
      ).toEqual([]);
    }
  });
});

describe('missing evidence', () => {
  const bare = finding({
    resource: { type: 'AWS::::Account', id: '', accountId: '111122223333' },
    evidence: {},
  });
  it.each(Object.keys(REMEDIATIONS).filter((id) => id !== 'guardduty-enable-detector'))(
    '%s: plan throws RemediationPlanError naming what is missing',
    (id) => {
      const remediation = REMEDIATIONS[id]!;
      const run = () => remediation.plan(bare, { prepared: [{}] });
      expect(run).toThrow(RemediationPlanError);
      try {
        run();
      } catch (error) {
        expect((error as RemediationPlanError).remediationId).toBe(id);
        expect((error as Error).name).toBe('RemediationPlanError');
      }
    },
  );

  it('ec2-revoke-world-open-ingress refuses a range that is not world-open', () => {
    const f = finding({
      resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-1' },
      evidence: { openPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8' }] },
    });
    expect(() => REMEDIATIONS['ec2-revoke-world-open-ingress']!.plan(f, {})).toThrow(/only world-open/);
  });

  it('plans from the evidence the rules emit', () => {
    const plan = (label: string) => {
      const c = CASES.find((x) => x.label.startsWith(label))!;
      return getRemediation(c.id)!.plan(c.finding, {
        ...c.params,
        ...(c.prepared ? { prepared: c.prepared } : {}),
      });
    };
    expect(plan('ec2-security-group-no-world-ingress')[0]!.input).toEqual({
      GroupId: 'sg-0abc',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ],
    });
    expect(plan('iam-administrator-access-attached')[0]).toMatchObject({
      operation: 'DetachRolePolicy',
      input: { RoleName: 'deployer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    });
    expect(plan('iam-no-administrator-access-attached')[0]).toMatchObject({
      operation: 'DetachUserPolicy',
      input: { UserName: 'ops-admin' },
    });
    expect(plan('config-recorder-stopped')[0]!.input).toEqual({ ConfigurationRecorderName: 'main' });
    expect(plan('nat-gateway-traffic').map((c) => c.input.ServiceName)).toEqual([
      'com.amazonaws.us-east-1.s3',
    ]);
    expect(plan('guardduty-detector-disabled')[0]!.operation).toBe('CreateDetector');
    expect(plan('cloudtrail-logging-stopped')[0]!.input).toEqual({
      Name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org',
    });
  });

  it('config-start-recorder refuses a deleted delivery channel', () => {
    const f = finding({
      resource: { type: 'AWS::Config::DeliveryChannel', id: 'default' },
      evidence: { deliveryChannelName: 'default' },
    });
    expect(() => REMEDIATIONS['config-start-recorder']!.plan(f, {})).toThrow(
      /delivery channel must be recreated/,
    );
  });

  it('iam-detach-administrator-access refuses any other policy', () => {
    const f = finding({
      resource: { type: 'AWS::IAM::User', id: 'u', name: 'u' },
      evidence: { policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
    });
    expect(() => REMEDIATIONS['iam-detach-administrator-access']!.plan(f, {})).toThrow(
      /only AdministratorAccess/,
    );
  });

  it('tags-add-mandatory needs a configured default for every missing tag', () => {
    const f = finding({
      resource: { type: 'AWS::EC2::Instance', id: 'i-1' },
      evidence: { missingTags: ['CostCenter'] },
    });
    expect(() => REMEDIATIONS['tags-add-mandatory']!.plan(f, {})).toThrow(
      /no configured default value for tag\(s\) CostCenter/,
    );
  });

  it.each([
    [
      'keeps the value a mandatory tag was given since the finding, and adds the others',
      ['CostCenter', 'App'],
      1,
    ],
    ['plans nothing when every mandatory tag was added since the finding', ['CostCenter'], 0],
  ])('tags-add-mandatory on a bucket never changes an existing tag: %s', (_label, missingTags, calls) => {
    // Prepare: the evidence is older than the tag set read
    const f = finding({ evidence: { missingTags } });
    const prepared = [{ TagSet: [{ Key: 'CostCenter', Value: 'data-platform' }] }];
    const params = { tagDefaults: { CostCenter: 'unassigned', App: 'unknown' }, prepared };
    // Act
    const plan = REMEDIATIONS['tags-add-mandatory']!.plan(f, params);
    // Assess
    expect(plan).toHaveLength(calls);
    if (calls > 0)
      expect(plan[0]!.input.Tagging).toEqual({
        TagSet: [
          { Key: 'CostCenter', Value: 'data-platform' },
          { Key: 'App', Value: 'unknown' },
        ],
      });
  });

  it('s3-add-tls-only-policy keeps a policy that already denies plain HTTP (empty plan)', () => {
    const prepared = [
      {
        Policy: JSON.stringify({
          Statement: {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        }),
      },
    ];
    expect(REMEDIATIONS['s3-add-tls-only-policy']!.plan(finding(), { prepared })).toEqual([]);
  });

  it('s3-add-tls-only-policy writes a fresh policy when the bucket has none', () => {
    const [call] = REMEDIATIONS['s3-add-tls-only-policy']!.plan(finding(), {
      prepared: [{ $error: 'NoSuchBucketPolicy' }],
    });
    expect(JSON.parse(call!.input.Policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  });
});
