import type { StoredFinding } from '../ports/findings-store';
import type { RemediationPlan } from '../ports/remediation-executor';
import type { Finding } from '../rulebook/model/finding';
import { TaskInputError } from './errors';
import { TARGET_FIELD_RULES } from './execution-target';
import * as z from './zod';

/**
 * Schemas of the task payloads, one per ASL Task. They check the shape each handler relies on and
 * let the rest through (findings carry rule-specific evidence). A mismatch is a wiring bug and throws
 * `TaskInputError` naming the path.
 */
const nonEmpty = () => z.string().check(z.minLength(1));
const resourceRef = z.looseObject({ type: nonEmpty(), id: nonEmpty() });

export const findingSchema = z.looseObject({
  id: nonEmpty(),
  ruleId: nonEmpty(),
  title: z.string(),
  pillar: z.string(),
  severity: z.string(),
  resource: resourceRef,
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  remediation: z.optional(z.string()),
  observedAt: z.string(),
});

export const storedFindingSchema = z.extend(findingSchema, {
  status: z.enum(['open', 'resolved']),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  fingerprint: nonEmpty(),
});

const resolutionReason = z.object({ code: z.enum(['resource-deleted']), text: z.string() });

const passedCheck = z.object({
  findingId: z.string(),
  ruleId: z.string(),
  resource: resourceRef,
  reason: z.optional(resolutionReason),
  configVerdict: z.optional(z.literal(true)),
});

/** Where a Config item sits in its resource's history (resource-order.ts): Normalize -> Evaluate -> Record. */
const resourceOrder = z.object({
  resource: nonEmpty(),
  captureTime: nonEmpty(),
  stateId: z.optional(z.number()),
  eventId: z.string(),
  deleted: z.optional(z.enum(['ResourceDeleted', 'ResourceDeletedNotRecorded'])),
});

const callFields = {
  service: z.string(),
  operation: z.string(),
  input: z.record(z.string(), z.unknown()),
  iamAction: z.string(),
  allowErrors: z.optional(z.array(z.string())),
};

/**
 * One planned call. Unknown keys are dropped, so a plan parsed here is what the approval stores and
 * what Remediate compares with it; `precondition` (a write's stale-plan check) is kept.
 */
const plannedCall = z.object({
  ...callFields,
  precondition: z.optional(z.object({ read: z.object(callFields), sha256: z.string() })),
});

/** A target field checked against its AWS format (execution-target.ts): it ends up in a role ARN. */
const targetField = (field: keyof typeof TARGET_FIELD_RULES) =>
  z
    .string()
    .check(z.regex(TARGET_FIELD_RULES[field].pattern, `${field} ${TARGET_FIELD_RULES[field].message}`));

export const planSchema = z.looseObject({
  remediationId: z.string(),
  summary: z.string(),
  target: z.object({ accountId: targetField('accountId'), region: targetField('region') }),
  calls: z.array(plannedCall),
  placeholder: z.optional(z.boolean()),
});

export const normalizedSchema = z.looseObject({
  correlationId: z.string(),
  kind: z.string(),
  evaluable: z.boolean(),
  subject: z.unknown(),
  order: z.optional(resourceOrder),
});

export const evaluatedSchema = z.looseObject({
  correlationId: z.string(),
  findings: z.array(findingSchema),
  passed: z.array(passedCheck),
  order: z.optional(resourceOrder),
});

export const notificationItemSchema = z.looseObject({
  correlationId: z.optional(z.string()),
  kind: z.enum(['opened', 'changed', 'resolved']),
  finding: storedFindingSchema,
  resolvedBy: z.optional(z.string()),
});

/**
 * The payload of a triage Task that runs on a time budget: its input under `key` (`event`,
 * `normalized`, `evaluated`, `item`) and `$$.Execution.StartTime`, from which the function knows how
 * much of the execution's 5 minutes is left (execution-budget.ts).
 */
export function budgetedInputSchema(key: string): z.ZodMiniType {
  // One schema per key, built once: a compiled parser (`compileSchemasWith`) is cached per schema.
  let schema = budgetedInputSchemas.get(key);
  if (!schema) {
    schema = z.object({ [key]: z.unknown(), executionStartTime: z.iso.datetime() });
    budgetedInputSchemas.set(key, schema);
  }
  return schema;
}
const budgetedInputSchemas = new Map<string, z.ZodMiniType>();

/**
 * The other findings of the resource one fix covers (triage's group, remediation-groups.ts): absent
 * or empty when the remediation is for its `finding` alone (one started by hand).
 */
const covers = () => z.optional(z.array(storedFindingSchema));

/** `correlationId`: the triggering EventBridge event id, which triage passes into the remediation input. */
export const planInputSchema = z.looseObject({
  finding: storedFindingSchema,
  covers: covers(),
  executionId: z.string(),
  correlationId: z.optional(z.string()),
});

export const requestApprovalSchema = z.object({
  taskToken: nonEmpty(),
  approvalId: nonEmpty(),
  finding: storedFindingSchema,
  covers: covers(),
  plan: planSchema,
  timeoutSeconds: z.number().check(z.int(), z.positive()),
  executionId: z.string(),
  correlationId: z.optional(z.string()),
});

export const approvalResultSchema = z.looseObject({
  decision: z.enum(['approved', 'rejected', 'expired']),
  approvalId: z.string(),
  decidedBy: z.optional(z.string()),
});

export const remediateSchema = z.looseObject({
  finding: storedFindingSchema,
  covers: covers(),
  plan: planSchema,
  approvalId: z.string(),
  approval: approvalResultSchema,
});

const verdict = { status: z.string(), message: z.string() };

export const outcomeSchema = z.looseObject({
  finding: storedFindingSchema,
  covers: covers(),
  plan: z.optional(planSchema),
  approvalId: z.optional(z.string()),
  decision: z.enum([
    'approved',
    'rejected',
    'expired',
    'failed',
    'disabled',
    'unneeded',
    'cancelled',
    'alreadyRequested',
  ]),
  approval: z.optional(approvalResultSchema),
  /** Plan found the fix's one pending request held by another run's approval (`alreadyRequested`). */
  alreadyRequested: z.optional(z.object({ approvalId: z.string(), expiresAt: z.string() })),
  /** The lead finding's verdict; each other covered finding's in `covers`, by finding id. */
  verification: z.optional(
    z.object({
      ...verdict,
      covers: z.optional(z.array(z.object({ findingId: z.string(), ...verdict }))),
    }),
  ),
  error: z.optional(z.object({ Error: z.string(), Cause: z.optional(z.string()) })),
});

/**
 * What the schemas are parsed with: by default each schema itself, with zod's runtime parser (a
 * Lambda bundle carries no compiler and generates no code at a cold start). A process that parses
 * the same schemas many times (the local runtime, replaying events) installs zod's AOT compiler with
 * `compileSchemasWith(z.compile)`: the same data and the same errors (an input the compiled fast path
 * refuses is parsed again by the runtime parser, which reports the issues), several times faster.
 */
let compileSchema: ((schema: z.ZodMiniType) => z.ZodMiniType) | undefined;
const compiledSchemas = new WeakMap<z.ZodMiniType, z.ZodMiniType>();

export function compileSchemasWith(compile: (schema: z.ZodMiniType) => z.ZodMiniType): void {
  compileSchema = compile;
}

/** `schema.safeParse(input)`, through the schema's compiled form when a compiler is installed. */
export function safeParse<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): z.util.SafeParseResult<z.infer<S>> {
  if (!compileSchema) return schema.safeParse(input);
  let compiled = compiledSchemas.get(schema);
  if (!compiled) {
    compiled = compileSchema(schema);
    compiledSchemas.set(schema, compiled);
  }
  return (compiled as S).safeParse(input);
}

export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, task: string): z.infer<S> {
  const parsed = safeParse(schema, input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TaskInputError(
      `${task}: invalid input at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Zod's inferred shapes are looser than the domain types; the schemas above check what matters. */
export const asFinding = (value: unknown) => value as Finding;
export const asStoredFinding = (value: unknown) => value as StoredFinding;
export const asPlan = (value: unknown) => value as RemediationPlan;
