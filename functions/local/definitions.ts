import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fillPlaceholders,
  PLACEHOLDERS,
  type PlaceholderTarget,
  STATE_MACHINES,
  type StateMachineName,
} from '../../statemachines/placeholders';
import type { HandlerName } from '../handlers/manifest';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local-1';

/** The ARN / URL a placeholder gets locally: shaped like the real thing, pointing nowhere. */
export function localValue(target: PlaceholderTarget): string {
  switch (target.kind) {
    case 'function':
      return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:compliance-bot-${target.handler}`;
    case 'state-machine':
      return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:compliance-bot-${target.name}`;
    case 'queue-url':
      return `https://sqs.${LOCAL_REGION}.amazonaws.com/${LOCAL_ACCOUNT}/compliance-bot-${target.name}`;
  }
}

export const LOCAL_SUBSTITUTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PLACEHOLDERS).map(([name, target]) => [name, localValue(target)]),
);

/** What each Task state of a definition does, found from its Resource / FunctionName. */
export type TaskBinding = (
  | { kind: 'function'; handler: HandlerName; waitForTaskToken: boolean }
  | { kind: 'dead-letter' }
  | { kind: 'start-execution'; stateMachine: StateMachineName }
) & {
  /**
   * Inside a Map, where its Parameters read `$$.Execution.Input`: the parameter paths that do. In
   * Step Functions that is the execution's input; aws-local-stepfunctions 3 gives each iteration its
   * item instead, so the runtime puts the execution's input back at these paths.
   */
  executionInputPaths?: string[][];
};

export interface LoadedDefinition {
  name: StateMachineName;
  /** The definition with every placeholder filled with its local value. */
  definition: Record<string, unknown>;
  /** Task state name -> binding, including states inside Map / Parallel. */
  tasks: Map<string, TaskBinding>;
}

/** Reads `statemachines/<name>.asl.json` (the same file CDK deploys) and binds its Task states. */
export function loadDefinition(name: StateMachineName, root = process.cwd()): LoadedDefinition {
  const text = readFileSync(join(root, STATE_MACHINES[name].file), 'utf8');
  const raw = JSON.parse(text) as AslStates;
  const tasks = new Map<string, TaskBinding>();
  collectTasks(raw, tasks);
  const definition = JSON.parse(fillPlaceholders(text, LOCAL_SUBSTITUTIONS)) as AslStates;
  rewriteTimeoutPaths(definition);
  return { name, definition: definition as unknown as Record<string, unknown>, tasks };
}

/**
 * Step Functions reads `TimeoutSecondsPath` from the state's input; aws-local-stepfunctions 3 reads
 * it from the input after `Parameters`. Locally, point the path at the Payload field carrying the
 * same value (`"timeoutSeconds.$": "$.approvalTimeoutSeconds"` -> `$.Payload.timeoutSeconds`), so the
 * same ASL file times out the same way in both.
 */
function rewriteTimeoutPaths(def: AslStates): void {
  for (const state of Object.values(def.States)) {
    if (state.ItemProcessor) rewriteTimeoutPaths(state.ItemProcessor);
    if (state.Iterator) rewriteTimeoutPaths(state.Iterator);
    for (const branch of state.Branches ?? []) rewriteTimeoutPaths(branch);
    const path = state.TimeoutSecondsPath;
    if (!path) continue;
    const payload = (state.Parameters?.Payload ?? {}) as Record<string, unknown>;
    const key = Object.keys(payload).find((k) => k.endsWith('.$') && payload[k] === path);
    if (!key)
      throw new Error(`TimeoutSecondsPath ${path} must also be passed in the Payload for the local runtime`);
    state.TimeoutSecondsPath = `$.Payload.${key.slice(0, -2)}`;
  }
}

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemProcessor?: AslStates;
  Iterator?: AslStates;
  Branches?: AslStates[];
  TimeoutSecondsPath?: string;
}
interface AslStates {
  States: Record<string, AslState>;
}

function placeholderName(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\$\{([A-Za-z0-9_]+)\}$/.exec(value)?.[1] : undefined;
}

function collectTasks(def: AslStates, out: Map<string, TaskBinding>, nested = false): void {
  for (const [stateName, state] of Object.entries(def.States)) {
    if (state.ItemProcessor) collectTasks(state.ItemProcessor, out, true);
    if (state.Iterator) collectTasks(state.Iterator, out, true);
    for (const branch of state.Branches ?? []) collectTasks(branch, out, true);
    if (state.Type !== 'Task') continue;
    if (out.has(stateName))
      throw new Error(`state name ${stateName} is used twice: overrides are keyed by name`);
    const binding = bindTask(stateName, state);
    const paths = nested ? executionInputPaths(state.Parameters ?? {}) : [];
    out.set(stateName, paths.length ? { ...binding, executionInputPaths: paths } : binding);
  }
}

function bindTask(stateName: string, state: AslState): TaskBinding {
  const resource = state.Resource ?? '';
  if (resource.startsWith('arn:aws:states:::lambda:invoke')) {
    const target = PLACEHOLDERS[placeholderName(state.Parameters?.FunctionName) ?? ''];
    if (target?.kind !== 'function')
      throw new Error(`${stateName}: FunctionName is not a function placeholder`);
    return {
      kind: 'function',
      handler: target.handler,
      waitForTaskToken: resource.endsWith('.waitForTaskToken'),
    };
  }
  if (resource === 'arn:aws:states:::sqs:sendMessage') return { kind: 'dead-letter' };
  if (resource.startsWith('arn:aws:states:::states:startExecution')) {
    const target = PLACEHOLDERS[placeholderName(state.Parameters?.StateMachineArn) ?? ''];
    if (target?.kind !== 'state-machine')
      throw new Error(`${stateName}: StateMachineArn is not a placeholder`);
    return { kind: 'start-execution', stateMachine: target.name };
  }
  throw new Error(`${stateName}: the local runtime has no equivalent for ${resource}`);
}

/** Paths (keys without the `.$`) of the Parameters fields whose value is `$$.Execution.Input`. */
function executionInputPaths(params: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(params).flatMap(([key, value]) => {
    if (key.endsWith('.$') && value === '$$.Execution.Input') return [[...prefix, key.slice(0, -2)]];
    if (value && typeof value === 'object' && !Array.isArray(value))
      return executionInputPaths(value as Record<string, unknown>, [...prefix, key]);
    return [];
  });
}

/** Puts a copy of `executionInput` at each of `paths` of a Task's (already resolved) parameters. */
export function restoreExecutionInput(
  taskInput: unknown,
  paths: readonly string[][],
  executionInput: unknown,
) {
  for (const path of paths) {
    let node = taskInput as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path.at(-1)!] = structuredClone(executionInput);
  }
  return taskInput;
}
