import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFindingMessage, changeSummary } from '../../functions/notifications/model';
import {
  ACTION_IDS,
  buildDigestMessage,
  buildSlackMessage,
  buildThreadReply,
  LIMITS,
} from '../../functions/notifications/slack-message';
import { mrkdwn, truncate } from '../../functions/notifications/text';
import { ACCOUNT, COVERED, pendingApproval, resolvedByEvent, storedFinding } from './findings';
import { blockKitViolations } from './limits';

const json = (v: unknown) => JSON.stringify(v);

function build(
  overrides = {},
  extra: { approval?: ReturnType<typeof pendingApproval>; kind?: 'opened' | 'changed' | 'resolved' } = {},
) {
  const model = buildFindingMessage(
    {
      kind: extra.kind ?? 'opened',
      finding: storedFinding(overrides),
      ...(extra.approval ? { approval: extra.approval } : {}),
    },
    ACCOUNT,
  );
  return buildSlackMessage(model);
}

describe('Slack finding message', () => {
  it('shows severity (emoji + text), pillar, title, account with OU, region and a console link', () => {
    const message = build();
    const text = json(message.blocks);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':red_circle: HIGH: S3 buckets block public access (all four settings)',
        emoji: true,
      },
    });
    expect(text).toContain('*Pillar*\\nSecurity');
    expect(text).toContain('acme-prod-workloads (111122223333), OU Production');
    expect(text).toContain('*Region*\\neu-west-1');
    expect(text).toContain(
      '<https://s3.console.aws.amazon.com/s3/buckets/acme-prod-customer-exports?region=eu-west-1|acme-prod-customer-exports>',
    );
    expect(message.text).toBe(
      'HIGH: S3 buckets block public access (all four settings) on acme-prod-customer-exports (acme-prod-workloads (111122223333), OU Production)',
    );
  });

  it('says what was found (compact evidence), why it matters, what to do, and where the rule comes from', () => {
    const text = json(build().blocks);
    expect(text).toContain('Block Public Access is off for blockPublicPolicy, restrictPublicBuckets');
    expect(text).toContain('settingsOff: blockPublicPolicy, restrictPublicBuckets');
    expect(text).toContain('*Why it matters*');
    expect(text).toContain('*Recommendation*\\nTurn on all four Block Public Access settings.');
    expect(text).toContain('seed 001, S3 / Secure S3 Bucket');
    expect(text).toContain('Security Hub S3.8, Config S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED');
  });

  it('names who caused an activity finding', () => {
    const text = json(
      build({ actor: { label: 'IAMUser jane.doe', sourceIpAddress: '198.51.100.7' } }).blocks,
    );
    expect(text).toContain('*Caused by*\\nIAMUser jane.doe from 198.51.100.7');
  });

  it.each([
    [
      { type: 'AWS::EC2::SecurityGroup', id: 'sg-0abc', region: 'us-east-1', accountId: '1' },
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=sg-0abc',
    ],
    [
      { type: 'AWS::IAM::Role', id: 'AROA1', name: 'deployer', region: 'global', accountId: '1' },
      'https://console.aws.amazon.com/iam/home#/roles/details/deployer',
    ],
    [
      { type: 'AWS::KMS::Key', id: 'k-1', region: 'eu-west-1', accountId: '1' },
      'https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/k-1',
    ],
    [
      { type: 'AWS::RDS::DBInstance', id: 'db-X', name: 'orders', region: 'eu-west-1', accountId: '1' },
      'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=orders;is-cluster=false',
    ],
    [
      {
        type: 'AWS::SQS::Queue',
        id: 'https://sqs/q',
        arn: 'arn:aws:sqs:eu-west-1:1:q',
        region: 'eu-west-1',
        accountId: '1',
      },
      'resource-explorer/home?region=eu-west-1#/search?query=arn%3Aaws%3Asqs%3Aeu-west-1%3A1%3Aq',
    ],
  ])('links %o to the console', (resource, url) => {
    expect(json(build({ resource }).blocks)).toContain(url);
  });

  it('renders a template finding (no account, no region) without a link', () => {
    const message = build({
      resource: { type: 'AWS::S3::Bucket', id: 'Bucket', location: { file: 't.yaml', logicalId: 'Bucket' } },
    });
    expect(json(message.blocks)).toContain('`Bucket`');
    expect(json(message.blocks)).not.toContain('console.aws.amazon.com');
  });

  it('renders a resolved finding as resolved, not deleted, and without buttons', () => {
    const message = build(
      { status: 'resolved', resolvedAt: '2026-11-22T12:00:00.000Z' },
      { kind: 'resolved', approval: pendingApproval() },
    );
    expect((message.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(
      ':white_check_mark: Resolved: S3 buckets block public access (all four settings)',
    );
    expect(json(message.blocks)).toContain('(no longer true)');
    expect(json(message.blocks)).toContain('resolved 2026-11-22T12:00:00.000Z');
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('says which event resolved a finding, as the terminal does (one model)', () => {
    const model = resolvedByEvent();
    const message = buildSlackMessage(model);
    expect(json(message.blocks)).toContain(
      '*Resolved* by event evt-42 at 2026-11-22T12:00:00.000Z: the check passes again',
    );
    expect(changeSummary(model)).toBe(
      'Resolved by event evt-42 at 2026-11-22T12:00:00.000Z: the check passes again.',
    );
  });

  it('offers Approve (primary, confirm with the exact plan), Reject (danger) and Snooze 7/30/90 days', () => {
    const message = build({}, { approval: pendingApproval() });
    const actions = message.blocks.find((b) => b.type === 'actions') as unknown as {
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON walked loosely in a test
      elements: Array<Record<string, any>>;
    };
    const [approve, reject, snooze] = actions.elements;
    expect(approve).toMatchObject({
      action_id: ACTION_IDS.approve,
      style: 'primary',
      value: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
    });
    expect(approve!.confirm.text.text).toBe(
      'Calls: S3.PutPublicAccessBlock {"Bucket":"acme-prod-customer-exports","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}',
    );
    expect(reject).toMatchObject({
      action_id: ACTION_IDS.reject,
      style: 'danger',
      value: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
    });
    expect(snooze!.options.map((o: { value: string }) => o.value)).toEqual([
      'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J:7',
      'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J:30',
      'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J:90',
    ]);
    expect(json(message.blocks)).toContain('*Proposed fix:* Block all public access on the S3 bucket');
    expect(blockKitViolations(message)).toEqual([]);
  });

  it('lists the other findings one fix covers on the card, and keeps listing them once decided', () => {
    const covers = COVERED.slice(0, 1);
    const pending = build({}, { approval: pendingApproval({ covers }) });
    expect(json(pending.blocks)).toContain(
      '*The same fix also resolves* (this resource, one decision for all):\\n• CRITICAL S3 bucket policies do not grant access to everyone',
    );
    expect(pending.blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(blockKitViolations(pending)).toEqual([]);
    const decided = build({}, { approval: pendingApproval({ covers, state: 'rejected', decidedBy: 'sam' }) });
    expect(json(decided.blocks)).toContain('• CRITICAL S3 bucket policies do not grant access to everyone');
    expect(
      changeSummary(
        buildFindingMessage({
          kind: 'changed',
          finding: storedFinding(),
          approval: pendingApproval({ covers }),
        }),
      ),
    ).toBe(
      'A fix is proposed: Block all public access on the S3 bucket. It also fixes 1 other finding of this resource. Approve or reject it above.',
    );
    // Without covers, the card is as before.
    expect(json(build({}, { approval: pendingApproval() }).blocks)).not.toContain('also resolves');
  });

  it('warns on destructive fixes in the card and in the confirm dialog', () => {
    const approval = pendingApproval({
      destructive: true,
      irreversibleNote: 'Deleting the volume cannot be undone.',
    });
    const message = build({}, { approval });
    const actions = message.blocks.find((b) => b.type === 'actions') as unknown as {
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON walked loosely in a test
      elements: Array<Record<string, any>>;
    };
    expect(actions.elements[0]!.confirm.text.text).toMatch(
      /^DESTRUCTIVE\. Deleting the volume cannot be undone\. Calls: /,
    );
    expect(actions.elements[0]!.confirm.style).toBe('danger');
    expect(json(message.blocks)).toContain(':warning: *destructive*');
  });

  it('refuses an approval id that is not short and opaque (a task token must never reach a button)', () => {
    expect(() => build({}, { approval: pendingApproval({ approvalId: 'AAAA'.repeat(300) }) })).toThrow(
      /approval id/,
    );
    expect(() => build({}, { approval: pendingApproval({ approvalId: 'a b' }) })).toThrow(/approval id/);
  });

  it('replaces the buttons with who decided and when', () => {
    const approval = pendingApproval({
      state: 'approved',
      decidedBy: '<@U04ABCD1234>',
      decidedAt: '2026-11-22T10:05:00.000Z',
    });
    const message = build({}, { approval });
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(json(message.blocks)).toContain(
      '*Fix approved* by &lt;@U04ABCD1234&gt; at 2026-11-22T10:05:00.000Z',
    );
  });

  it('escapes mrkdwn control characters from resource data', () => {
    const text = json(build({ message: 'policy allows <!channel> & <http://evil|click>' }).blocks);
    expect(text).toContain('policy allows &lt;!channel&gt; &amp; &lt;http://evil|click&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('stays within every Block Kit limit for huge inputs', () => {
    const long = 'x'.repeat(10_000);
    const evidence = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v&<>'.repeat(500)]));
    const plan = Array.from({ length: 200 }, (_, i) => ({
      service: 'EC2',
      operation: 'CreateTags',
      input: { Resources: [`i-${i}`], Tags: [{ Key: 'a'.repeat(100), Value: long }] },
      iamAction: 'ec2:CreateTags',
    }));
    const message = build(
      { title: long, message: long, rationale: long, recommendation: long, evidence, actor: { label: long } },
      { approval: pendingApproval({ plan, title: long, irreversibleNote: long }) },
    );
    expect(blockKitViolations(message)).toEqual([]);
  });

  it('property: any text keeps every block within limits', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: fc.string({ maxLength: 400 }),
          message: fc.string({ unit: 'grapheme', maxLength: 5000 }),
          rationale: fc.string({ maxLength: 4000 }),
        }),
        fc.string({ minLength: 1, maxLength: 60 }).map((s) => s.replace(/[^A-Za-z0-9_-]/g, 'x')),
        (text, approvalId) => {
          const message = build(text, { approval: pendingApproval({ approvalId, title: text.title }) });
          expect(blockKitViolations(message)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('thread replies and digest', () => {
  it('says what changed', () => {
    const model = buildFindingMessage(
      { kind: 'changed', finding: storedFinding({ severity: 'critical', message: 'now public' }) },
      ACCOUNT,
    );
    expect(buildThreadReply(model).text).toBe('Changed (CRITICAL): now public');
  });

  it('a digest of 500 findings stays within 50 blocks', () => {
    const models = Array.from({ length: 500 }, (_, i) =>
      buildFindingMessage(
        { kind: 'opened', finding: storedFinding({ id: `f${i}`, title: `Finding ${i}` }) },
        ACCOUNT,
      ),
    );
    const digest = buildDigestMessage(models, 500);
    expect(digest.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(json(digest.blocks)).toContain('… and 485 more');
    expect(blockKitViolations(digest)).toEqual([]);
  });
});

describe('text helpers', () => {
  it('never splits a surrogate pair or an escape sequence', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(mrkdwn('a&b', 5)).toBe('a…');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 50 }), (s, max) => {
        const out = mrkdwn(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&[a-z]{0,3}…$/);
        expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
      }),
    );
  });
});
