import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../../functions/handlers/manifest';
import { loadDefinition } from '../../functions/local/definitions';
import { PLACEHOLDERS, placeholdersIn, STATE_MACHINES } from '../../statemachines/placeholders';

const ROOT = join(__dirname, '..', '..');
const files = readdirSync(join(ROOT, 'statemachines')).filter((f) => f.endsWith('.asl.json'));

interface State {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Resource?: string;
  Comment?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Retry?: Array<{ ErrorEquals: string[] }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Choices?: Array<{ Next: string; Variable?: string; StringEquals?: string }>;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
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
        const isDeadLetter = task.Resource === 'arn:aws:states:::sqs:sendMessage';
        if (!isDeadLetter)
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
});
