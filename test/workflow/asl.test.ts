import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { HANDLERS, handlerEntry } from '../../functions/handlers/manifest';
import { loadDefinition } from '../../functions/local/definitions';
import { PLACEHOLDERS, placeholdersIn, STATE_MACHINES } from '../../statemachines/placeholders';
import { definitionOf, type Retrier, type State, worstWaitSeconds } from './asl-model';

const ROOT = join(__dirname, '..', '..');
const files = readdirSync(join(ROOT, 'statemachines')).filter((f) => f.endsWith('.asl.json'));

function retrierFor(task: State, error: string): Retrier | undefined {
  return task.Retry?.find((r) => r.ErrorEquals.includes(error));
}

function tasksOf(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, s]) => [
    ...(s.Type === 'Task' ? [[name, s] as [string, State]] : []),
    ...(s.ItemProcessor ? tasksOf(s.ItemProcessor.States) : []),
  ]);
}

describe('state machine definitions', () => {
  it('finds the three workflows', () => {
    expect(files.sort()).toEqual(['remediation.asl.json', 'triage.asl.json', 'weekly-report.asl.json']);
    expect(
      Object.values(STATE_MACHINES)
        .map((m) => m.file.split('/')[1])
        .sort(),
    ).toEqual(files.sort());
  });

  it.each(files)('%s is valid ASL (asl-validator, JSONPath)', (file) => {
    const definition = JSON.parse(readFileSync(join(ROOT, 'statemachines', file), 'utf8'));
    const result = aslValidator(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  });

  it('every placeholder used in an ASL file is in placeholders.ts, and every entry there is used', () => {
    const used = new Set(
      files.flatMap((f) => placeholdersIn(readFileSync(join(ROOT, 'statemachines', f), 'utf8'))),
    );
    expect([...used].filter((p) => !(p in PLACEHOLDERS))).toEqual([]);
    expect(Object.keys(PLACEHOLDERS).filter((p) => !used.has(p))).toEqual([]);
  });

  it('every manifest handler except the approval endpoint is named by exactly one placeholder', () => {
    const fnPlaceholders = Object.entries(PLACEHOLDERS).filter(([, t]) => t.kind === 'function');
    expect(fnPlaceholders.length).toBe(HANDLERS.length - 1);
    expect(HANDLERS.filter((h) => !h.placeholder).map((h) => h.name)).toEqual(['approval-callback']);
  });

  it.each(files)(
    '%s: every Task has a Comment, a timeout, retries on transient errors and a Catch',
    (file) => {
      const definition = JSON.parse(readFileSync(join(ROOT, 'statemachines', file), 'utf8'));
      for (const [name, task] of tasksOf(definition.States)) {
        expect(task.Comment, name).toBeTruthy();
        expect(task.TimeoutSeconds ?? task.TimeoutSecondsPath, name).toBeDefined();
        expect(task.Retry?.length, name).toBeGreaterThan(0);
        expect(
          task.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')),
          name,
        ).toBe(true);
        if (task.Resource?.startsWith('arn:aws:states:::lambda:invoke')) {
          const retried = task.Retry!.flatMap((r) => r.ErrorEquals);
          expect(retried).toEqual(
            expect.arrayContaining([
              'Lambda.ServiceException',
              'Lambda.TooManyRequestsException',
              'TransientError',
            ]),
          );
          for (const inputError of [
            'NormalizationError',
            'EventFormatError',
            'UnsupportedResourceError',
            'States.ALL',
          ]) {
            expect(retried, `${name} must not retry ${inputError}`).not.toContain(inputError);
          }
        }
      }
    },
  );

  it.each(files)('%s: every retrier backs off exponentially, capped, with full jitter', (file) => {
    for (const [name, task] of tasksOf(definitionOf(file).States)) {
      for (const r of task.Retry ?? []) {
        expect(r.ErrorEquals, name).not.toContain('States.ALL');
        expect(r.JitterStrategy, `${name} ${r.ErrorEquals}`).toBe('FULL');
        expect(r.BackoffRate, `${name} ${r.ErrorEquals}`).toBeGreaterThanOrEqual(2);
        if ((r.MaxAttempts ?? 3) > 1) expect(r.MaxDelaySeconds, `${name} ${r.ErrorEquals}`).toBeDefined();
      }
    }
  });

  it.each(files)(
    '%s: Lambda throttling gets its own, longer retrier next to the service exceptions the docs name',
    (file) => {
      for (const [name, task] of tasksOf(definitionOf(file).States)) {
        if (!task.Resource?.startsWith('arn:aws:states:::lambda:invoke')) continue;
        const service = retrierFor(task, 'Lambda.ServiceException')!;
        expect(service.ErrorEquals, name).toEqual(
          expect.arrayContaining(['Lambda.AWSLambdaException', 'Lambda.SdkClientException']),
        );
        const throttle = retrierFor(task, 'Lambda.TooManyRequestsException')!;
        expect(throttle.ErrorEquals, name).toEqual(['Lambda.TooManyRequestsException']);
        expect(throttle.MaxAttempts, name).toBeGreaterThanOrEqual(6);
        expect(worstWaitSeconds(throttle), name).toBeGreaterThan(worstWaitSeconds(service));
      }
    },
  );

  it('triage: Notify (reserved concurrency 5) outwaits a throttling burst, inside the Express 5-minute limit', () => {
    const triage = definitionOf('triage.asl.json');
    const tasks = new Map(tasksOf(triage.States));
    const notify = tasks.get('Notify')!;
    expect(handlerEntry('notify').reservedConcurrency).toBe(5);
    // Before: 3 attempts, 1 + 2 + 4 = 7 s, exhausted by a burst of Config events.
    expect(worstWaitSeconds(retrierFor(notify, 'Lambda.TooManyRequestsException')!)).toBeGreaterThanOrEqual(
      60,
    );
    expect(retrierFor(notify, 'SlackRateLimitedError')!.IntervalSeconds).toBeGreaterThanOrEqual(5);
    // Every Task's retry waits, all retriers exhausted, leave room in the 300 s an Express execution has.
    for (const [name, task] of tasks) {
      const waits = (task.Retry ?? []).reduce((sum, r) => sum + worstWaitSeconds(r), 0);
      expect(waits, name).toBeLessThanOrEqual(180);
    }
  });

  /** Idempotent tasks retry a timed-out attempt; the others must not run twice. */
  const TIMEOUT_RETRIED: Record<string, { retried: string[]; never: string[] }> = {
    'triage.asl.json': {
      retried: ['Normalize', 'Evaluate', 'Notify', 'StartRemediation'],
      never: ['Record'],
    },
    'remediation.asl.json': {
      retried: ['Plan', 'Verify', 'NotifyOutcome'],
      never: ['Remediate', 'RequestApproval'],
    },
    'weekly-report.asl.json': { retried: ['GatherReport', 'BuildReport'], never: ['PublishReport'] },
  };

  it.each(files)('%s: States.Timeout / Sandbox.Timedout are retried only on idempotent tasks', (file) => {
    const tasks = new Map(tasksOf(definitionOf(file).States));
    const { retried, never } = TIMEOUT_RETRIED[file]!;
    for (const name of retried) {
      expect(retrierFor(tasks.get(name)!, 'States.Timeout'), name).toBeDefined();
      if (tasks.get(name)!.Resource?.startsWith('arn:aws:states:::lambda:invoke'))
        expect(retrierFor(tasks.get(name)!, 'Sandbox.Timedout'), name).toBeDefined();
      expect(tasks.get(name)!.Comment, name).toMatch(/timed out/);
    }
    for (const name of never) {
      expect(retrierFor(tasks.get(name)!, 'States.Timeout'), name).toBeUndefined();
      expect(tasks.get(name)!.Comment, name).toMatch(/timeout/i);
    }
    const classified = [...retried, ...never];
    for (const [name, task] of tasks) {
      if (task.Resource !== 'arn:aws:states:::sqs:sendMessage') expect(classified, name).toContain(name);
    }
  });

  it.each(files)('%s: tasks that post to Slack retry its rate limit in the workflow', (file) => {
    const slackTasks = ['Notify', 'RequestApproval', 'NotifyOutcome', 'PublishReport'];
    for (const [name, task] of tasksOf(definitionOf(file).States)) {
      if (!slackTasks.includes(name)) continue;
      const r = retrierFor(task, 'SlackRateLimitedError');
      expect(r?.ErrorEquals, name).toContain('SlackUnavailableError');
      expect(worstWaitSeconds(r!), name).toBeGreaterThanOrEqual(30);
    }
  });

  it.each(files)(
    '%s: the dead-letter send retries SQS errors, and its own failure ends in DeadLetterFailed',
    (file) => {
      const definition = definitionOf(file);
      const failStates = new Map<string, State>();
      const collect = (states: Record<string, State>) => {
        for (const [n, st] of Object.entries(states)) {
          if (st.Type === 'Fail') failStates.set(n, st);
          if (st.ItemProcessor) collect(st.ItemProcessor.States);
        }
      };
      collect(definition.States);
      const deadLetterTasks = tasksOf(definition.States).filter(
        ([, t]) => t.Resource === 'arn:aws:states:::sqs:sendMessage',
      );
      expect(deadLetterTasks.length).toBeGreaterThan(0);
      for (const [name, task] of deadLetterTasks) {
        const r = retrierFor(task, 'SQS.SdkClientException')!;
        expect(r.ErrorEquals, name).toEqual(
          expect.arrayContaining(['SQS.AmazonSQSException', 'States.Timeout']),
        );
        const fallback = task.Catch!.find((c) => c.ErrorEquals.includes('States.ALL'))!;
        expect(failStates.get(fallback.Next)?.Error, name).toBe('DeadLetterFailed');
      }
    },
  );

  it("triage: the Map's Catch dead-letters the original event before failing", () => {
    const triage = definitionOf('triage.asl.json');
    const map = triage.States.NotifyEach!;
    const catchAll = map.Catch!.find((c) => c.ErrorEquals.includes('States.ALL'))!;
    expect(triage.States[catchAll.Next]!.Resource).toBe('arn:aws:states:::sqs:sendMessage');
    // Item failures do not stop the other items: each is dead-lettered, then the iteration succeeds.
    // Only two failures stop the Map: a dead letter that could not be sent, and NotifyingStopped
    // (the time budget, see time-budget.test.ts), which the Map's Catch dead-letters first.
    const items = map.ItemProcessor!.States;
    expect(
      Object.values(items)
        .filter((st) => st.Type === 'Fail')
        .map((st) => st.Error)
        .sort(),
    ).toEqual(['DeadLetterFailed', 'NotifyingStopped']);
    const stopped = map.Catch!.find((c) => c.ErrorEquals.includes('NotifyingStopped'))!;
    expect(map.Catch!.indexOf(stopped)).toBeLessThan(map.Catch!.indexOf(catchAll));
    expect(triage.States[stopped.Next]!.Resource).toBe('arn:aws:states:::sqs:sendMessage');
  });

  it.each(['triage.asl.json', 'weekly-report.asl.json'])(
    "%s: every top-level step's catch-all sends the original event to the dead-letter queue",
    (file) => {
      const { States } = definitionOf(file);
      const steps = Object.entries(States).filter(
        ([, s]) =>
          (s.Type === 'Task' || s.Type === 'Map') && s.Resource !== 'arn:aws:states:::sqs:sendMessage',
      );
      expect(steps.length).toBeGreaterThan(0);
      for (const [name, step] of steps) {
        const catchAll = step.Catch?.find((c) => c.ErrorEquals.includes('States.ALL'));
        expect(catchAll, `${name} has a States.ALL Catch`).toBeDefined();
        const target = States[catchAll!.Next]!;
        expect(target.Resource, `${name}'s catch-all goes to ${catchAll!.Next}`).toBe(
          'arn:aws:states:::sqs:sendMessage',
        );
        expect(target.Parameters, catchAll!.Next).toMatchObject({
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL definition placeholder
          QueueUrl: '${DeadLetterQueueUrl}',
          MessageBody: { 'originalEvent.$': '$$.Execution.Input' },
        });
      }
    },
  );

  it.each(Object.keys(STATE_MACHINES) as Array<keyof typeof STATE_MACHINES>)(
    '%s: the local runtime binds every Task state',
    (name) => {
      const loaded = loadDefinition(name, ROOT);
      expect(loaded.tasks.size).toBeGreaterThan(0);
      expect(JSON.stringify(loaded.definition)).not.toContain('${');
    },
  );
});

describe('remediation graph', () => {
  const definition = JSON.parse(
    readFileSync(join(ROOT, 'statemachines', 'remediation.asl.json'), 'utf8'),
  ) as {
    StartAt: string;
    States: Record<string, State>;
  };

  function successors(name: string): string[] {
    const s = definition.States[name]!;
    return [
      ...(s.Next ? [s.Next] : []),
      ...(s.Default ? [s.Default] : []),
      ...(s.Choices ?? []).map((c) => c.Next),
      ...(s.Catch ?? []).map((c) => c.Next),
    ];
  }

  /** Is `target` reachable from StartAt if the given edges are removed? */
  function reachable(target: string, removed: (from: string, to: string) => boolean): boolean {
    const seen = new Set<string>();
    const queue = [definition.StartAt];
    while (queue.length) {
      const name = queue.shift()!;
      if (name === target) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      for (const next of successors(name)) if (!removed(name, next)) queue.push(next);
    }
    return false;
  }

  it('Remediate is reachable, but only through the approved branch of IsApproved', () => {
    expect(reachable('Remediate', () => false)).toBe(true);
    const preds = Object.keys(definition.States).filter((n) => successors(n).includes('Remediate'));
    expect(preds).toEqual(['IsApproved']);
    const approved = definition.States.IsApproved!.Choices!.filter((c) => c.Next === 'Remediate');
    expect(approved).toEqual([
      { Variable: '$.approval.decision', StringEquals: 'approved', Next: 'Remediate' },
    ]);
    expect(definition.States.IsApproved!.Default).not.toBe('Remediate');
    expect(reachable('Remediate', (from, to) => from === 'IsApproved' && to === 'Remediate')).toBe(false);
  });

  it('every path to IsApproved goes through RequestApproval (a decision exists)', () => {
    expect(reachable('IsApproved', (from) => from === 'RequestApproval')).toBe(false);
    expect(definition.States.RequestApproval!.Resource).toBe(
      'arn:aws:states:::lambda:invoke.waitForTaskToken',
    );
    expect(definition.States.RequestApproval!.TimeoutSecondsPath).toBe('$.approvalTimeoutSeconds');
  });

  it('rejection and timeout lead to NotifyOutcome, never to Remediate', () => {
    const catches = definition.States.RequestApproval!.Catch!;
    const rejected = catches.find((c) => c.ErrorEquals.includes('Remediation.Rejected'))!;
    const timeout = catches.find((c) => c.ErrorEquals.includes('States.Timeout'))!;
    for (const start of [rejected.Next, timeout.Next]) {
      const path = [start];
      let name = start;
      while (definition.States[name]!.Next) {
        name = definition.States[name]!.Next!;
        path.push(name);
      }
      expect(path).toContain('NotifyOutcome');
      expect(path).not.toContain('Remediate');
    }
  });

  it('a fix whose request already awaits a decision elsewhere asks nobody: AlreadyRequested leads to NotifyOutcome only', () => {
    const asked = definition.States.AlreadyAsked!.Choices!;
    expect(asked).toEqual([{ Variable: '$.alreadyRequested', IsPresent: true, Next: 'AlreadyRequested' }]);
    expect(definition.States.AlreadyAsked!.Default).toBe('RequestApproval');
    expect(definition.States.AlreadyRequested).toMatchObject({
      Type: 'Pass',
      Result: 'alreadyRequested',
      ResultPath: '$.decision',
      Next: 'NotifyOutcome',
    });
    // The only way to RequestApproval is past the claim check.
    const preds = Object.keys(definition.States).filter((n) => successors(n).includes('RequestApproval'));
    expect(preds).toEqual(['AlreadyAsked']);
  });
});
