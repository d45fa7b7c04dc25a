import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoStore } from '../../../functions/adapters/aws/dynamo-store';
import {
  ITEM_KEYS,
  STORE_OPERATIONS,
  type StoreOperation,
  TABLE_ACTIONS,
  TABLE_SCHEMA,
  type TableAccess,
} from '../../../functions/adapters/aws/table-schema';
import { HANDLERS } from '../../../functions/handlers/manifest';

/**
 * The findings-table grants come from `STORE_OPERATIONS` (what each adapter operation sends). These
 * tests keep that table honest: each operation, run against a client that records its requests,
 * sends exactly the declared actions on the declared items, and an adapter method or a DynamoDB
 * command the table does not know fails here instead of with AccessDenied in AWS.
 */

const ROOT = join(__dirname, '..', '..', '..');
const at = new Date('2026-11-18T10:00:00Z');
const iso = at.toISOString();

const finding = {
  id: 'f1',
  ruleId: 'r',
  title: 't',
  pillar: 'security',
  severity: 'high',
  resource: { type: 'AWS::S3::Bucket', id: 'b1', accountId: '111122223333', region: 'eu-west-1' },
  message: 'm',
  evidence: {},
  rationale: 'r',
  recommendation: 'r',
  expectedImpact: 'e',
  source: 'config',
  seed: { seed: '001', section: 'S3' },
  references: {},
  observedAt: iso,
};
const stamp = { decision: 'approved', decidedBy: 'u', decidedAt: iso };

/** One call of each operation (arguments only need to reach the request). */
const CALLS: Record<string, (s: DynamoStore) => Promise<unknown>> = {
  'findings.record': async (s) => {
    await s.findings.record(
      [finding as never],
      [{ findingId: 'f2', ruleId: 'r', resource: finding.resource }],
      at,
    );
    // A Config item's findings, in order: the watermark, then guarded writes (transactions).
    await s.findings.record(
      [finding as never],
      [{ findingId: 'f2', ruleId: 'r', resource: finding.resource }],
      at,
      { resource: 'r|111122223333|eu-west-1|AWS::S3::Bucket|b1', captureTime: iso, eventId: 'e1' },
    );
  },
  'findings.get': (s) => s.findings.get('f1'),
  'findings.acknowledge': (s) => s.findings.acknowledge('f1', { by: 'sam', at: iso }, at),
  'findings.query': async (s) => {
    for await (const _ of s.findings.query({})) void _;
    for await (const _ of s.findings.query({ status: 'resolved', from: iso, to: iso })) void _;
  },
  'findings.setSlackThread': (s) => s.findings.setSlackThread('f1', { channel: 'C1', ts: '1' }),
  'findings.setLatestApproval': (s) =>
    s.findings.setLatestApproval('f1', { approvalId: 'a1', requestedAt: iso }),
  'findings.markNotified': (s) => s.findings.markNotified('f1', { kind: 'opened', at: iso }),
  'findings.markRemediationStarted': (s) =>
    s.findings.markRemediationStarted('f1', { kind: 'opened', at: iso }),
  'approvals.put': (s) => s.approvals.put({ approvalId: 'a1', expiresAt: iso } as never),
  'approvals.get': (s) => s.approvals.get('a1'),
  'approvals.decide': (s) => s.approvals.decide('a1', 'approved', 'u', at),
  'approvals.undo': (s) => s.approvals.undo('a1', stamp as never),
  'approvals.replaceDecision': (s) => s.approvals.replaceDecision('a1', stamp as never, 'expired', 'u', at),
  'approvals.claimExecution': (s) => (s.approvals as unknown as Record<string, Fn>).claimExecution!('a1', at),
  'approvals.recordExecution': (s) =>
    (s.approvals as unknown as Record<string, Fn>).recordExecution!('a1', {
      outcome: 'ok',
      executedAt: iso,
      results: [],
    }),
  'approvals.claimPending': (s) =>
    s.approvals.claimPending({ key: 'fix|1|r|T|id', approvalId: 'a1', expiresAt: iso, planDigest: 'p' }, at),
  'approvals.releasePending': (s) => s.approvals.releasePending('fix|1|r|T|id', 'a1', at),
  'audit.append': (s) => s.audit.append({ at: iso, actor: 'u', action: 'approved' } as never),
  'audit.list': async (s) => {
    for await (const _ of s.audit.list({ from: iso, to: new Date(at.getTime() + 1000).toISOString() }))
      void _;
  },
  'suppressions.list': (s) => s.suppressions.list(),
  'suppressions.put': (s) =>
    s.suppressions.put({ ruleId: 'r', resource: '*', reason: 'r', by: 'u', expires: iso } as never),
  'history.put': (s) => s.history.put({ week: '2026-W47', takenAt: iso, scores: [], openBySeverity: {} }),
  'history.latest': (s) => s.history.latest(2, '2026-W47'),
  'deliveries.delivered': (s) => s.deliveries.delivered('k'),
  'deliveries.record': (s) => s.deliveries.record('sns', 'k', at),
};
type Fn = (...args: unknown[]) => Promise<unknown>;

/** Requests as TableAccess, from a client that answers every command with an empty success. */
async function accessesOf(call: (s: DynamoStore) => Promise<unknown>): Promise<TableAccess[]> {
  const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
  const doc = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return command.constructor.name === 'UpdateCommand' ? { Attributes: { pk: 'x' } } : {};
    },
  } as unknown as DynamoDBDocumentClient;
  await call(new DynamoStore(doc, { tableName: 'findings' }));
  // A transaction is authorized per action inside it (ConditionCheck as ConditionCheckItem).
  const requests = sent.flatMap(({ name, input }) =>
    name === 'TransactWriteCommand'
      ? (input.TransactItems as Array<Record<string, Record<string, unknown>>>).map((item) => {
          const [kind, request] = Object.entries(item)[0]!;
          return { name: `${kind}Command`, input: request };
        })
      : [{ name, input }],
  );
  return requests.map(({ name, input }) => {
    const action = toAction(name);
    const index = input.IndexName as TableAccess['index'] | undefined;
    const pk =
      (input.Key as { pk?: string } | undefined)?.pk ??
      (input.Item as { pk?: string } | undefined)?.pk ??
      ((input.ExpressionAttributeValues as Record<string, string> | undefined)?.[':pk'] as string);
    return index ? { action, items: 'finding', index, pkValue: pk } : { action, items: itemKindOf(pk) };
  }) as TableAccess[];
}

function toAction(commandName: string): TableAccess['action'] {
  const map: Record<string, TableAccess['action']> = {
    GetCommand: 'GetItem',
    PutCommand: 'PutItem',
    UpdateCommand: 'UpdateItem',
    QueryCommand: 'Query',
    ConditionCheckCommand: 'ConditionCheckItem',
  };
  const action = map[commandName];
  if (!action) throw new Error(`the adapter sent ${commandName}, which no grant covers`);
  return action;
}

/** The item kind whose LeadingKeys pattern (IAM StringLike: `*` is any run) matches a partition-key value. */
function itemKindOf(pk: string): TableAccess['items'] {
  const kinds = Object.entries(ITEM_KEYS).filter(([, pattern]) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(pk),
  );
  expect(kinds, `partition key ${pk}`).toHaveLength(1);
  return kinds[0]![0] as TableAccess['items'];
}

/** `port.method` of every operation the DynamoStore instance exposes. */
function adapterOperations(): string[] {
  const store = new DynamoStore({} as DynamoDBDocumentClient, { tableName: 't' });
  const ports = ['findings', 'approvals', 'audit', 'suppressions', 'history', 'deliveries'] as const;
  const own = Object.keys(store).filter((k) => !['doc', 'options'].includes(k));
  expect(own.sort(), 'a new port of DynamoStore needs its operations in STORE_OPERATIONS').toEqual(
    [...ports].sort(),
  );
  return ports.flatMap((port) => Object.keys(store[port]).map((method) => `${port}.${method}`));
}

const key = (a: TableAccess) => `${a.action} ${a.items}${a.index ? ` ${a.index}` : ''}`;

describe('findings-table access (the source of every function’s DynamoDB grant)', () => {
  it('declares every operation of the DynamoDB adapter', () => {
    const declared = Object.keys(STORE_OPERATIONS);
    for (const operation of adapterOperations()) {
      expect(declared, `${operation} has no entry in STORE_OPERATIONS (table-schema.ts)`).toContain(
        operation,
      );
    }
  });

  it.each(adapterOperations())(
    '%s sends exactly the requests STORE_OPERATIONS declares',
    async (operation) => {
      const call = CALLS[operation];
      expect(call, `add a call of ${operation} to this test`).toBeDefined();
      const sent = await accessesOf(call!);
      expect(sent.length).toBeGreaterThan(0);
      const declared = STORE_OPERATIONS[operation as StoreOperation].map(key);
      expect([...new Set(sent.map(key))].sort()).toEqual([...new Set(declared)].sort());
      // Index queries: the index's partition key, never a table partition key.
      for (const a of sent.filter((x) => x.index)) {
        const pk = (a as TableAccess & { pkValue: string }).pkValue;
        expect(pk, a.index).toMatch(a.index === 'gsi1' ? /^OPEN$/ : /^RESOLVED#/);
      }
    },
  );

  it('lets only the adapter send DynamoDB commands, and only those it is granted', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
      );
    const granted = new Set(TABLE_ACTIONS.map((a) => (a.endsWith('Item') ? a.slice(0, -4) : a)));
    // A transaction is granted through the actions inside it (ConditionCheckItem, PutItem, UpdateItem).
    granted.add('TransactWrite');
    const importers: string[] = [];
    for (const file of files(join(ROOT, 'functions'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, names] of source.matchAll(
        /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/(?:client-dynamodb|lib-dynamodb)'/g,
      )) {
        for (const [, command] of names!.matchAll(/\b(\w+)Command\b(?!Input|Output)/g)) {
          expect(granted, `${file}: ${command}Command is not granted to any function`).toContain(
            command!.replace(/Item$/, ''),
          );
          importers.push(file);
        }
      }
    }
    expect([...new Set(importers)].map((f) => f.slice(ROOT.length + 1))).toEqual([
      'functions/adapters/aws/dynamo-store.ts',
      'functions/adapters/aws/resource-watermark.ts',
    ]);
  });

  it('names table operations in the manifest only for functions that get the table name', () => {
    for (const h of HANDLERS) {
      const ops = h.table ?? [];
      for (const op of ops) expect(Object.keys(STORE_OPERATIONS), h.name).toContain(op);
      expect(h.environment.includes('TABLE_NAME'), `${h.name}: TABLE_NAME iff table operations`).toBe(
        ops.length > 0,
      );
    }
  });

  it('keeps index queries on the sparse finding indexes', () => {
    const indexes = TABLE_SCHEMA.indexes.map((i) => i.name);
    for (const [operation, accesses] of Object.entries(STORE_OPERATIONS)) {
      for (const a of accesses as readonly TableAccess[]) {
        if (!a.index) continue;
        expect(indexes, operation).toContain(a.index);
        expect([a.action, a.items], operation).toEqual(['Query', 'finding']);
      }
    }
  });
});
