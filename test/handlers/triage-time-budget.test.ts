import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createTask as evaluate } from '../../functions/handlers/evaluate/handler';
import {
  createTask as normalize,
  createHandler as normalizeHandler,
} from '../../functions/handlers/normalize/handler';
import { createTask as record } from '../../functions/handlers/record/handler';
import { TaskInputError, TriageDeadlineError } from '../../functions/shared/errors';
import { refuseAfterCutoff, TRIAGE_CUTOFF, TRIAGE_CUTOFF_MS } from '../../functions/shared/execution-budget';
import { logger } from '../../functions/shared/logger';
import { bucketEvent, fixture, testRuleBook } from '../workflow/support';

const START = '2026-11-22T10:00:00.000Z';
const at = (seconds: number) => () => Date.parse(START) + seconds * 1000;
const INSIDE = at(TRIAGE_CUTOFF_MS / 1000 - 1);
const PAST = at(TRIAGE_CUTOFF_MS / 1000 + 1);

afterEach(() => vi.restoreAllMocks());

/** The inputs the triage ASL passes the three steps, from a bare run of the bucket event. */
async function bucketInputs() {
  const event = bucketEvent();
  const normalized = await normalize({ configItems: new FixtureConfigItemSource([]) })(event);
  const evaluated = await evaluate({ book: testRuleBook() })(normalized);
  return { event, normalized, evaluated };
}

function recording(clock: () => number) {
  const store = new MemoryStore();
  const list = vi.spyOn(store.suppressions, 'list');
  const recordFindings = vi.spyOn(store.findings, 'record');
  const task = record({
    findings: store.findings,
    suppressions: store.suppressions,
    notifyMinSeverity: 'info',
    now: () => new Date(START),
    clock,
  });
  return { task, list, recordFindings };
}

describe('normalize: the triage time budget', () => {
  it('inside the cutoff, the event in the envelope is normalized as a bare one', async () => {
    // Prepare
    const { event, normalized } = await bucketInputs();
    const task = normalize({ configItems: new FixtureConfigItemSource([]), clock: INSIDE });
    // Act
    const result = await task({ event, executionStartTime: START });
    // Assess
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(normalized)));
  });

  it('past the cutoff, it throws TriageDeadlineError before fetching anything', async () => {
    // Prepare: an oversized notification, whose item Normalize would fetch from AWS Config
    const configItems = { latest: vi.fn(async () => undefined) };
    const task = normalize({ configItems, clock: PAST });
    // Act
    const error = await task({ event: fixture('config-ci-oversized.json'), executionStartTime: START }).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(TriageDeadlineError);
    expect((error as Error).name).toBe('TriageDeadlineError');
    expect((error as Error).message).toBe(
      'Normalize: the execution started 101 s ago, past the 100 s triage cutoff',
    );
    expect(configItems.latest).not.toHaveBeenCalled();
  });

  it('an envelope without a valid start time is a wiring bug (TaskInputError), not a refusal', async () => {
    const task = normalize({ configItems: new FixtureConfigItemSource([]), clock: INSIDE });
    await expect(task({ event: bucketEvent(), executionStartTime: 'yesterday' })).rejects.toBeInstanceOf(
      TaskInputError,
    );
  });

  it('the middy handler logs the event id of the envelope as correlation id', async () => {
    // Prepare
    const lines: string[] = [];
    const out = (logger as unknown as { console: Record<string, (...a: unknown[]) => void> }).console;
    vi.spyOn(out, 'error').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    const handler = normalizeHandler({ configItems: new FixtureConfigItemSource([]), clock: PAST });
    const context = {
      functionName: 'compliance-bot-normalize',
      awsRequestId: 'req-1',
      getRemainingTimeInMillis: () => 10_000,
    } as unknown as Context;
    // Act
    const refused = handler({ event: bucketEvent({ id: 'evt-late' }), executionStartTime: START }, context);
    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'TriageDeadlineError' });
    expect(lines.join('')).toContain('"correlation_id":"evt-late"');
  });
});

describe('evaluate: the triage time budget', () => {
  it('inside the cutoff, the subject in the envelope is evaluated as a bare one', async () => {
    const { normalized, evaluated } = await bucketInputs();
    const book = testRuleBook();
    const rulesFor = vi.spyOn(book, 'rulesFor');
    const task = evaluate({ book, clock: INSIDE });
    const result = await task({
      normalized: JSON.parse(JSON.stringify(normalized)),
      executionStartTime: START,
    });
    expect(result.findings.map((f) => f.id).sort()).toEqual(evaluated.findings.map((f) => f.id).sort());
    expect(rulesFor).toHaveBeenCalled();
  });

  it('past the cutoff, it throws TriageDeadlineError before running a rule', async () => {
    // Prepare
    const { normalized } = await bucketInputs();
    const book = testRuleBook();
    const rulesFor = vi.spyOn(book, 'rulesFor');
    const task = evaluate({ book, clock: PAST });
    // Act
    const refused = task({ normalized, executionStartTime: START });
    // Assess
    await expect(refused).rejects.toThrow(TriageDeadlineError);
    await expect(refused).rejects.toThrow(/^Evaluate: the execution started 101 s ago/);
    expect(rulesFor).not.toHaveBeenCalled();
  });
});

describe('record: the triage time budget', () => {
  it('inside the cutoff, the findings in the envelope are recorded', async () => {
    const { evaluated } = await bucketInputs();
    const { task, recordFindings } = recording(INSIDE);
    const result = await task({ evaluated, executionStartTime: START });
    expect(result.counts.opened).toBe(2);
    expect(recordFindings).toHaveBeenCalledTimes(1);
  });

  it('past the cutoff, it throws TriageDeadlineError before reading or writing anything', async () => {
    // Prepare
    const { evaluated } = await bucketInputs();
    const { task, list, recordFindings } = recording(PAST);
    // Act
    const refused = task({ evaluated, executionStartTime: START });
    // Assess
    await expect(refused).rejects.toThrow(TriageDeadlineError);
    await expect(refused).rejects.toThrow(/^Record: the execution started 101 s ago/);
    expect(list).not.toHaveBeenCalled();
    expect(recordFindings).not.toHaveBeenCalled();
  });

  it('a bare input (a definition from before the budget, during a deployment) is recorded without a check', async () => {
    const { evaluated } = await bucketInputs();
    const { task } = recording(at(3600));
    await expect(task(evaluated)).resolves.toMatchObject({ counts: { opened: 2 } });
  });
});

describe('the triage cutoff', () => {
  it.each([
    [0, false],
    [100, false],
    [100.001, true],
    [299, true],
  ])('%s s into the execution: refused %s', (seconds, refused) => {
    const check = () => refuseAfterCutoff(START, at(seconds)(), TRIAGE_CUTOFF, 'Record');
    if (refused) expect(check).toThrow(TriageDeadlineError);
    else expect(check).not.toThrow();
  });
});
