import { describe, expect, it, vi } from 'vitest';
import {
  budgetedInputSchema,
  compileSchemasWith,
  evaluatedSchema,
  notificationItemSchema,
  outcomeSchema,
  parseInput,
  planSchema,
  requestApprovalSchema,
  safeParse,
} from '../../functions/shared/schemas';
import * as z from '../../functions/shared/zod';
import { realS3Finding, stored } from '../report/fixtures';

const finding = realS3Finding();
const plan = {
  remediationId: 's3-put-public-access-block',
  summary: 'Block public access',
  target: { accountId: '111122223333', region: 'eu-west-1' },
  calls: [
    {
      service: 's3',
      operation: 'PutPublicAccessBlock',
      input: { Bucket: 'acme' },
      iamAction: 's3:PutBucketPublicAccessBlock',
      dropped: 'unknown keys of a call are dropped',
    },
  ],
  extra: 'kept: the plan is a loose object',
};

const cases: Array<{ name: string; schema: z.ZodMiniType; input: unknown }> = [
  {
    name: 'Evaluate result',
    schema: evaluatedSchema,
    input: {
      correlationId: 'e-1',
      findings: [finding, { ...finding, id: 'f-2', evidence: { nested: { a: [1, null] } } }],
      passed: [{ findingId: 'f-3', ruleId: 'r', resource: { type: 't', id: 'i' }, extra: 1 }],
    },
  },
  {
    name: 'a finding without an id',
    schema: evaluatedSchema,
    input: { correlationId: 'e', findings: [{ ...finding, id: '' }], passed: [] },
  },
  {
    name: 'evidence that is a list',
    schema: evaluatedSchema,
    input: { correlationId: 'e', findings: [{ ...finding, evidence: [] }], passed: [] },
  },
  { name: 'not an object', schema: evaluatedSchema, input: 'text' },
  {
    name: 'notification item',
    schema: notificationItemSchema,
    input: { kind: 'opened', finding: stored(finding) },
  },
  {
    name: 'unknown notification kind',
    schema: notificationItemSchema,
    input: { kind: 'closed', finding: stored(finding) },
  },
  {
    name: 'Notify input',
    schema: budgetedInputSchema('item'),
    input: { item: {}, executionStartTime: '2026-11-18T09:00:00.000Z' },
  },
  {
    name: 'Notify input, bad time',
    schema: budgetedInputSchema('item'),
    input: { item: {}, executionStartTime: 'yesterday' },
  },
  { name: 'plan', schema: planSchema, input: plan },
  {
    name: 'approval request, timeout not an integer',
    schema: requestApprovalSchema,
    input: {
      taskToken: 't',
      approvalId: 'a',
      finding: stored(finding),
      plan,
      timeoutSeconds: 1.5,
      executionId: 'x',
    },
  },
  {
    name: 'outcome',
    schema: outcomeSchema,
    input: { finding: stored(finding), decision: 'failed', error: { Error: 'E' }, verification: undefined },
  },
];

describe('compiled task schemas (the local runtime compiles them with z.compile)', () => {
  it.each(cases)('parse as the runtime parser does: $name', ({ schema, input }) => {
    // Prepare: the same input twice, each parse gets its own copy
    const runtime = schema.safeParse(structuredClone(input));

    // Act
    compileSchemasWith((s) => z.compile(s, { strict: true }));
    const compiled = safeParse(schema, structuredClone(input));

    // Assess: the same data, or the same issues
    expect(compiled.success).toBe(runtime.success);
    if (runtime.success) expect(compiled.data).toEqual(runtime.data);
    else expect(compiled.error?.issues).toEqual(runtime.error.issues);
  });

  it('reports an invalid input with the same message', () => {
    compileSchemasWith((s) => z.compile(s));
    expect(() => parseInput(notificationItemSchema, { kind: 'closed' }, 'Notify')).toThrow(
      /^Notify: invalid input at kind: Invalid option: expected one of "opened"\|"changed"\|"resolved"$/,
    );
  });

  it('compiles a budgeted-input schema once per key, not once per event', () => {
    const compile = vi.fn((s: z.ZodMiniType) => z.compile(s));
    compileSchemasWith(compile);
    for (let i = 0; i < 3; i++)
      safeParse(budgetedInputSchema('normalized'), {
        normalized: {},
        executionStartTime: '2026-11-18T09:00:00.000Z',
      });
    expect(compile).toHaveBeenCalledTimes(1);
  });
});
