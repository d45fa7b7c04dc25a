import { App } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestionPattern } from '../../infra/event-patterns';
import { ingestionRulesStack, resourcesOf, type Synthesized, synthesize } from './support';

/**
 * The dead-letter queue's policy must deploy, whatever the size of the rule book: SQS refuses a
 * policy over 20 statements, 10 conditions or 8,192 bytes ("Amazon SQS policy quotas",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html).
 * Sizes are measured on the policy as SQS receives it: intrinsics resolved to the longest values
 * they can take (partition, region, 12-digit account, 80-character queue name).
 */
const SQS_POLICY_QUOTAS = { statements: 20, conditions: 10, bytes: 8192 } as const;

type Json = Record<string, unknown>;
type Template = Json & { Resources: Record<string, { Type: string; Properties?: Json }> };
interface Statement {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const PARTITION = 'aws-us-gov';
const REGION = 'ap-southeast-7';
const ACCOUNT = '123456789012';
const PSEUDO: Record<string, string> = {
  'AWS::Partition': PARTITION,
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
};

/** Resolves Ref / Fn::GetAtt (Arn) / Fn::Join to the longest strings they can become. */
function resolve(value: unknown, template: Template): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, template));
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Json;
  if ('Ref' in v) {
    const ref = v.Ref as string;
    if (PSEUDO[ref]) return PSEUDO[ref];
    const name = template.Resources[ref]?.Properties?.Name;
    if (typeof name === 'string') return name;
    throw new Error(`cannot resolve Ref ${ref}`);
  }
  if ('Fn::GetAtt' in v) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    if (template.Resources[id]?.Type === 'AWS::SQS::Queue' && attribute === 'Arn') {
      return `arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:${'q'.repeat(80)}`;
    }
    throw new Error(`cannot resolve Fn::GetAtt ${id}.${attribute}`);
  }
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(part, template)).join(separator);
  }
  return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, resolve(inner, template)]));
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The policy documents of the queue's AWS::SQS::QueuePolicy resources (CDK makes one). */
function queuePolicies(template: Template, queueIdPrefix: string): Array<{ Statement: Statement[] }> {
  return Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))
    .filter((policy) =>
      (policy.Properties!.Queues as Array<{ Ref: string }>).some((q) => q.Ref.startsWith(queueIdPrefix)),
    )
    .map((policy) => policy.Properties!.PolicyDocument as { Statement: Statement[] });
}

/** Condition entries, counted at their strictest: one per (operator, key, value). */
const conditionEntries = (statements: Statement[]) =>
  statements.reduce(
    (n, st) =>
      n +
      Object.values(st.Condition ?? {}).reduce(
        (m, byKey) => m + Object.values(byKey).reduce<number>((k, v) => k + asList(v).length, 0),
        0,
      ),
    0,
  );

/** IAM ArnLike: `*` any run of characters, `?` one character, everything else literal. */
const arnLike = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(arn);

const eventsPrincipal = (st: Statement) =>
  JSON.stringify(st.Principal) === JSON.stringify({ Service: 'events.amazonaws.com' });

let s: Synthesized;
let central: Template;
let statements: Statement[];
beforeAll(() => {
  s = synthesize();
  central = s.centralJson as Template;
  const policies = queuePolicies(central, 'DeadLetters');
  expect(policies).toHaveLength(1);
  statements = policies[0]!.Statement;
});

describe('dead-letter queue policy', () => {
  it('stays inside the SQS policy quotas (20 statements, 10 conditions, 8,192 bytes)', () => {
    const resolved = resolve({ Version: '2012-10-17', Statement: statements }, central);
    expect(statements.length).toBeLessThanOrEqual(SQS_POLICY_QUOTAS.statements);
    expect(conditionEntries(statements)).toBeLessThanOrEqual(SQS_POLICY_QUOTAS.conditions);
    expect(Buffer.byteLength(JSON.stringify(resolved))).toBeLessThanOrEqual(SQS_POLICY_QUOTAS.bytes);
    // The ingestion rules (2 buses x every pattern) are far more than one statement each could hold.
    expect(Object.keys(resourcesOf(central, 'AWS::Events::Rule')).length).toBeGreaterThan(
      SQS_POLICY_QUOTAS.statements,
    );
  });

  it('lets EventBridge send dead letters only for this account’s ingestion rules, in one statement', () => {
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    const [allow] = allows as [Statement];
    expect(eventsPrincipal(allow)).toBe(true);
    expect(allow.Action).toBe('sqs:SendMessage');
    expect(allow.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(Object.keys(allow.Condition ?? {}).sort()).toEqual(['ArnLike', 'StringEquals']);
    const sourceArns = asList(resolve(allow.Condition!.ArnLike!['aws:SourceArn'], central) as string[]);
    const ruleArnPrefix = `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/`;
    for (const pattern of sourceArns) {
      expect(pattern.startsWith(ruleArnPrefix), pattern).toBe(true);
      // A prefix of named rules, never "any rule of the account".
      expect(pattern.slice(ruleArnPrefix.length)).toMatch(/^([\w.-]+\/)?ComplianceBot-ingest-\*$/);
    }

    // Every ingestion rule's ARN is allowed (no dead letter of ours is refused) ...
    const rules = Object.values(resourcesOf(central, 'AWS::Events::Rule'));
    for (const rule of rules) {
      const bus = resolve(rule.Properties!.EventBusName, central) as string;
      const name = rule.Properties!.Name as string;
      const arn = `${ruleArnPrefix}${bus === 'default' ? name : `${bus}/${name}`}`;
      expect(
        sourceArns.some((p) => arnLike(p, arn)),
        arn,
      ).toBe(true);
    }
    // ... and rules of another stack, bus or account are not.
    for (const arn of [
      `${ruleArnPrefix}OtherStack-ingest-Default-Activity1`,
      `${ruleArnPrefix}some-bus/OtherStack-rule`,
      `arn:${PARTITION}:events:${REGION}:999999999999:rule/ComplianceBot-ingest-Default-Activity1`,
    ]) {
      expect(
        sourceArns.some((p) => arnLike(p, arn)),
        arn,
      ).toBe(false);
    }
  });

  it('denies every request without TLS', () => {
    const deny = statements.find((st) => st.Effect === 'Deny');
    expect(deny).toMatchObject({
      Action: 'sqs:*',
      Principal: { AWS: '*' },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });
});

describe('ingestion rules with a growing rule book', () => {
  /** The queue policy and key policy of a small stack with `count` patterns on two buses. */
  function policiesFor(count: number) {
    const app = new App();
    const patterns: IngestionPattern[] = Array.from({ length: count }, (_, i) => ({
      id: `Pattern${i}`,
      description: `pattern ${i}`,
      pattern: { source: [`aws.test${i}`] },
    }));
    const { rules } = ingestionRulesStack(
      app,
      patterns,
      (stack) =>
        new Queue(stack, 'DeadLetters', {
          encryption: QueueEncryption.KMS,
          encryptionMasterKey: new Key(stack, 'Key'),
          enforceSSL: true,
        }),
    );
    const template = app.synth().getStackByName('Scale').template as Template;
    const [queuePolicy] = queuePolicies(template, 'DeadLetters');
    const [keyResource] = Object.values(resourcesOf(template, 'AWS::KMS::Key'));
    return { rules: rules.rules.length, queuePolicy, keyPolicy: keyResource!.Properties!.KeyPolicy };
  }

  it('keeps one dead-letter statement and the same key policy for 1 or 30 patterns (60 rules)', () => {
    const small = policiesFor(1);
    const large = policiesFor(30);
    expect(large.rules).toBe(60);
    expect(large.queuePolicy).toEqual(small.queuePolicy);
    expect(large.keyPolicy).toEqual(small.keyPolicy);
    expect(large.queuePolicy!.Statement.filter(eventsPrincipal)).toHaveLength(1);
  });
});
