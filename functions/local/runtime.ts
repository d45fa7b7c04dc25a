import './polyfill';
import { randomBytes } from 'node:crypto';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineName } from '../../statemachines/placeholders';
import { ConfigItemReader } from '../adapters/local/config-item-reader';
import { DeadLetterFile } from '../adapters/local/dead-letter-file';
import type { MemoryStore } from '../adapters/local/memory-store';
import { TaskTokenBroker } from '../adapters/local/task-token-broker';
import type { Output } from '../adapters/local/terminal-notifier';
import { type ApproverConfig, parseApproverConfig } from '../approvals/approvers';
import type { HttpRequest, HttpResponse } from '../approvals/endpoint';
import { type InteractionOutcome, type InteractionSlack, slackActor } from '../approvals/interaction';
import { APPROVAL_TIMEOUT_SECONDS } from '../approvals/timeout';
import { signSlackRequest } from '../approvals/verify';
import { createTask as approvalCallback } from '../handlers/approval-callback/handler';
import { createTask as buildReport } from '../handlers/build-report/handler';
import { createTask as evaluate } from '../handlers/evaluate/handler';
import { createTask as gatherReport } from '../handlers/gather-report/handler';
import type { HandlerName } from '../handlers/manifest';
import { createTask as normalize } from '../handlers/normalize/handler';
import { createTask as notify } from '../handlers/notify/handler';
import { createTask as notifyOutcome } from '../handlers/notify-outcome/handler';
import { createTask as plan } from '../handlers/plan/handler';
import { createTask as publishReport } from '../handlers/publish-report/handler';
import { createTask as record } from '../handlers/record/handler';
import { createTask as remediate } from '../handlers/remediate/handler';
import { createTask as requestApproval } from '../handlers/request-approval/handler';
import { type Verifier, createTask as verify } from '../handlers/verify/handler';
import { DEFAULT_NOTIFY_MIN_SEVERITY } from '../notifications/min-severity';
import { ACTION_IDS } from '../notifications/slack-message';
import type { AccountDirectory, ConfigItemSource } from '../ports/inventory-source';
import type { ApprovalRequest, WorkflowNotifier } from '../ports/notifier';
import type { RemediationExecutor } from '../ports/remediation-executor';
import type { ReportStore } from '../ports/report-store';
import type { RuleBook } from '../rulebook/engine';
import { SEVERITIES, type Severity } from '../rulebook/model/severity';
import { catalogPlanner, type RemediationPlanner } from '../shared/remediation-plan';
import { compileSchemasWith } from '../shared/schemas';
import {
  assertFitsState,
  LAMBDA_INTEGRATION_ENVELOPE_BYTES,
  STATE_PAYLOAD_LIMIT_BYTES,
} from '../shared/state-payload';
import * as z from '../shared/zod';
import {
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type LoadedDefinition,
  loadDefinition,
  localValue,
  restoreExecutionInput,
  type TaskBinding,
} from './definitions';
import { jsonValueBounded } from './json-boundary';

/**
 * The handlers' input schemas run compiled here (zod's AOT compiler): a replay parses the same few
 * schemas for every event, and the compiled parsers return the same data and errors about N times
 * faster. Lambda bundles keep the runtime parser (no compiler to load at a cold start).
 */
compileSchemasWith((schema) => z.compile(schema));

/** A long replay must not keep every outcome in memory. */
const KEEP_OUTCOMES = 1000;

/** Validating a definition takes about a second: compile each file once per process. */
const COMPILED = new Map<string, { sm: StateMachine; loaded: LoadedDefinition }>();

function compiled(name: StateMachineName, root: string) {
  const key = `${root}|${name}`;
  let m = COMPILED.get(key);
  if (!m) {
    const loaded = loadDefinition(name, root);
    const sm = new StateMachine(loaded.definition as never, {
      validationOptions: { checkArn: false, checkPaths: true },
    });
    m = { sm, loaded };
    COMPILED.set(key, m);
  }
  return m;
}

/** The approver's answer; `undefined` lets the request wait until it expires. */
export type Decision = 'approved' | 'rejected' | undefined;
/** A decision no person made (`--approve all|none`): `by` names the rule, as the audit trail shows it. */
export interface AutomaticDecision {
  decision: 'approved' | 'rejected';
  by: string;
}
export type Approver = (
  request: ApprovalRequest,
) => Promise<Decision | AutomaticDecision> | Decision | AutomaticDecision;

type TaskFn = (input: unknown) => Promise<unknown>;
type TaskOverride = (input: unknown) => Promise<unknown>;

/** A compiled definition and what every execution of it shares. */
interface Machine {
  sm: StateMachine;
  /** Overrides of the Task states that do not wait for a task token. */
  shared: Record<string, TaskOverride>;
  /**
   * `.waitForTaskToken` states and Map states reading `$$.Execution.Input`: their override is bound
   * to each execution's token and input.
   */
  perExecution: Array<[string, TaskBinding]>;
  retries: Record<string, number>;
  stateMachine: { id: string; name: string };
}

export interface LocalRuntimeOptions {
  store: MemoryStore;
  notifier: WorkflowNotifier;
  executor: RemediationExecutor;
  configItems: ConfigItemSource;
  accounts?: AccountDirectory;
  reports: ReportStore;
  book: RuleBook;
  deadLetters?: DeadLetterFile;
  /**
   * Default: the remediation catalog; its read-only `prepare` calls are answered from the Config
   * items this run triaged where they can be (ConfigItemReader), else go through `executor`.
   */
  planner?: RemediationPlanner;
  /** Where the runtime says which plan reads it answered from a Config item (default: nowhere). */
  out?: Output;
  verifier?: Verifier;
  /** Slack side of the approval endpoint (reply to the user, update the card). Default: none. */
  interactionSlack?: InteractionSlack;
  /**
   * Who may click Approve / Reject. Default: `LOCAL_APPROVER` for every severity. `LOCAL_AUTOMATIC`
   * (the `approver`'s automatic decisions) may always decide, whatever the configuration.
   */
  approvers?: ApproverConfig;
  /** The Slack signing secret the approval endpoint checks. Default: random per runtime. */
  signingSecret?: string;
  /** How long RequestApproval waits before `States.Timeout` (the plan's approvalTimeoutSeconds). */
  approvalTimeoutSeconds?: number;
  approver?: Approver;
  /**
   * True: an approval the approver leaves undecided expires at once (the state fails with
   * `States.Timeout` now, so the ASL's expiry path runs) instead of after `approvalTimeoutSeconds`
   * of real time. The terminal prompt has no later in which to decide, and a deployment's timeout
   * is often a day.
   */
  expireUndecided?: boolean;
  /**
   * Findings below it are recorded but not notified and start no remediation, as with cdk.json's
   * `notifyMinSeverity` in AWS. Default: the same as there (`medium`).
   */
  notifyMinSeverity?: Severity;
  /** False: Plan ends every remediation as `disabled` (a deployment without remediation role). */
  remediationEnabled?: boolean;
  now?: () => Date;
  /**
   * Milliseconds since the epoch on the clock `$$.Execution.StartTime` is read from, for the time
   * budgets of Normalize, Evaluate and Record (triage cutoff) and Notify (notify cutoff) (default
   * `Date.now`, the clock aws-local-stepfunctions stamps executions with; tests add simulated time
   * to it). Unlike `now`, it must stay in step with that stamp.
   */
  executionClock?: () => number;
  /** JSON round trip at every Lambda boundary, as in AWS (default true). */
  serialize?: boolean;
  /** Wrap a handler's task (tests inject transient failures here). */
  wrap?: Partial<Record<HandlerName, (task: TaskFn) => TaskFn>>;
  /** Milliseconds between retries (default 0: the backoff is the state machine's business in AWS). */
  retryIntervalMs?: number;
  /** Directory holding `statemachines/` (default: the working directory). */
  root?: string;
}

export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; executionId: string; output: unknown }
  | { status: 'FAILED'; executionId: string; error: string; cause: string };

const DEFAULT_VERIFIER: Verifier = async () => ({
  status: 'dry-run',
  message: 'nothing was changed, re-run the scan after applying the plan',
});

/** The Slack user id `decide()` clicks as by default (allowed for every severity by default). */
export const LOCAL_APPROVER = 'ULOCALAPPROVER';

/**
 * Who clicks for an automatic decision (`AutomaticDecision`): its name is the audit actor
 * (`local:--approve none`), not a Slack user's.
 */
export const LOCAL_AUTOMATIC = 'ULOCALAUTOMATIC';

/**
 * `config` with `LOCAL_AUTOMATIC` added wherever `approversFor` may look (the default, each
 * severity's list, each account's list or lists, every severity of an account's per-severity
 * entry: a severity it leaves out means nobody), so an automatic decision (`--approve all|none`)
 * is taken for any finding, as the option says, while people are still checked as configured.
 */
export function allowingAutomaticDecisions(config: ApproverConfig): ApproverConfig {
  const add = (ids: readonly string[] | undefined) => [...(ids ?? []), LOCAL_AUTOMATIC];
  const bySeverity: ApproverConfig['bySeverity'] = {};
  for (const [severity, ids] of Object.entries(config.bySeverity))
    bySeverity[severity as Severity] = add(ids);
  const byAccount: ApproverConfig['byAccount'] = {};
  for (const [account, entry] of Object.entries(config.byAccount)) {
    if (Array.isArray(entry)) {
      byAccount[account] = add(entry);
    } else {
      const all: Partial<Record<Severity, string[]>> = {};
      for (const severity of SEVERITIES) all[severity] = add(entry[severity]);
      byAccount[account] = all;
    }
  }
  return { default: add(config.default), bySeverity, byAccount };
}

const NO_SLACK: InteractionSlack = { tellUser: async () => {}, showApproval: async () => {} };

/** What the approval endpoint answered, and what it did with the click (processed inline). */
export type EndpointReply = HttpResponse & { outcome?: InteractionOutcome };

/**
 * Runs the three state machines in-process with aws-local-stepfunctions: the SAME ASL files, each
 * Task state overridden (by state name) with the real handler's task wired to local adapters;
 * sqs:sendMessage goes to a local dead-letter file, states:startExecution to a local remediation run
 * (idempotent by execution name), `.waitForTaskToken` waits on a local token broker that the real
 * approval endpoint completes with a locally signed request.
 */
export class LocalRuntime {
  readonly deadLetters: DeadLetterFile;
  /** Task tokens only need to be unique within this process. */
  private readonly tokenPrefix = `local-task-token-${randomBytes(4).toString('hex')}-`;
  readonly broker = new TaskTokenBroker((token) => token.startsWith(this.tokenPrefix));
  private readonly machines = new Map<StateMachineName, Machine>();
  private readonly tasks: Record<HandlerName, TaskFn>;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly signingSecret: string;
  private readonly outcomes = new Map<string, InteractionOutcome>();
  private readonly opts: LocalRuntimeOptions;
  private executions = 0;
  private readonly running = new Set<{ abort: () => void }>();
  /** The latest approver clicks the approval endpoint failed on (at most KEEP_OUTCOMES; the request kept waiting). */
  readonly failedClicks: Array<{ approvalId: string; error: string }> = [];
  /** Outcomes of the latest remediation executions started by triage (at most KEEP_OUTCOMES), in end order. */
  readonly remediations: ExecutionOutcome[] = [];

  /** Plan-time reads, answered from the Config items of the events triaged so far. */
  private readonly planReads: ConfigItemReader;

  constructor(opts: LocalRuntimeOptions) {
    this.opts = opts;
    this.planReads = new ConfigItemReader(opts.executor, opts.out);
    this.deadLetters = opts.deadLetters ?? new DeadLetterFile();
    const { store, notifier } = opts;
    const now = opts.now ?? (() => new Date());
    this.signingSecret = opts.signingSecret ?? randomBytes(32).toString('hex');
    const approvalCallbackTask = approvalCallback({
      deps: {
        approvals: store.approvals,
        findings: store.findings,
        suppressions: store.suppressions,
        audit: store.audit,
        callbacks: this.broker,
        slack: opts.interactionSlack ?? NO_SLACK,
        // An acknowledgement's RESOLVED notice goes where Notify posts (the terminal, Slack), as deployed.
        notifier,
        approvers: allowingAutomaticDecisions(
          opts.approvers ?? parseApproverConfig({ default: [LOCAL_APPROVER] }),
        ),
        now,
        actorOf: (user) => (user.id === LOCAL_AUTOMATIC ? user.name : slackActor(user)),
      },
      signingSecret: async () => this.signingSecret,
      onOutcome: (outcome) => this.outcomes.set('last', outcome),
    });
    // The time budgets of Normalize, Evaluate, Record and Notify read the execution's clock.
    const clock = opts.executionClock ? { clock: opts.executionClock } : {};
    const base: Record<HandlerName, TaskFn> = {
      normalize: normalize({ configItems: opts.configItems, ...clock }),
      evaluate: evaluate({ book: opts.book, now, ...clock }),
      record: record({
        findings: store.findings,
        suppressions: store.suppressions,
        notifyMinSeverity: opts.notifyMinSeverity ?? DEFAULT_NOTIFY_MIN_SEVERITY,
        now,
        ...clock,
        audit: store.audit,
        approvals: store.approvals,
        callbacks: this.broker,
        // A stale event is said in one line of the replay's output (replay-event.ts), not logged.
        log: { warn: () => {} },
      }),
      notify: notify({
        notifier,
        findings: store.findings,
        ...(opts.accounts ? { accounts: opts.accounts } : {}),
        ...clock,
      }),
      plan: plan({
        findings: store.findings,
        approvals: store.approvals,
        now,
        approvalTimeoutSeconds: opts.approvalTimeoutSeconds ?? APPROVAL_TIMEOUT_SECONDS.default,
        remediationEnabled: opts.remediationEnabled ?? true,
        planner: opts.planner ?? catalogPlanner({ executor: this.planReads }),
      }),
      'request-approval': requestApproval({
        approvals: store.approvals,
        audit: store.audit,
        findings: store.findings,
        notifier,
        now,
      }),
      remediate: remediate({
        executor: opts.executor,
        audit: store.audit,
        approvals: store.approvals,
        findings: store.findings,
        now,
      }),
      verify: verify({ verifier: opts.verifier ?? DEFAULT_VERIFIER, audit: store.audit, now }),
      'notify-outcome': notifyOutcome({
        notifier,
        approvals: store.approvals,
        audit: store.audit,
        findings: store.findings,
        now,
      }),
      'gather-report': gatherReport({
        findings: store.findings,
        history: store.history,
        suppressions: store.suppressions,
        audit: store.audit,
        ...(opts.accounts ? { accounts: opts.accounts } : {}),
        now,
      }),
      'build-report': buildReport({ reports: opts.reports, history: store.history }),
      'publish-report': publishReport({ reports: opts.reports, notifier }),
      'approval-callback': approvalCallbackTask as TaskFn,
    };
    for (const [name, wrapper] of Object.entries(opts.wrap ?? {})) {
      const handler = name as HandlerName;
      if (wrapper) base[handler] = wrapper(base[handler]);
    }
    this.tasks = base;
  }

  /** Runs triage on one EventBridge event. Never throws for a bad event: it ends in the DLQ. */
  triage(event: unknown): Promise<ExecutionOutcome> {
    this.planReads.remember(event);
    return this.execute('triage', event);
  }

  /**
   * Lets plan-time reads answer from the Config item of an event triaged elsewhere (by another
   * worker of a parallel replay), as if this runtime had triaged it at this point of the replay.
   */
  rememberConfigItem(event: unknown): void {
    this.planReads.remember(event);
  }

  remediation(input: unknown, name?: string): Promise<ExecutionOutcome> {
    return this.execute('remediation', input, name);
  }

  weeklyReport(input: unknown = {}): Promise<ExecutionOutcome> {
    return this.execute('weekly-report', input);
  }

  /** Waits for every remediation started by triage (they run asynchronously, as in AWS). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Aborts every execution still running (remediations waiting for a decision). */
  stop(): void {
    for (const run of this.running) run.abort();
  }

  /** The approval endpoint as Slack calls it (a signed form POST); the click is processed inline. */
  async interact(request: HttpRequest): Promise<EndpointReply> {
    this.outcomes.delete('last');
    const reply = (await this.tasks['approval-callback'](request)) as HttpResponse;
    const outcome = this.outcomes.get('last');
    return { ...reply, ...(outcome ? { outcome } : {}) };
  }

  /** Clicks Approve / Reject on an approval card, the way Slack would: a signed block_actions POST. */
  async decide(
    approvalId: string,
    decision: 'approved' | 'rejected',
    user: { id: string; name?: string } = { id: LOCAL_APPROVER, name: 'local approver' },
  ): Promise<EndpointReply> {
    const payload = JSON.stringify({
      type: 'block_actions',
      user: { id: user.id, username: user.name ?? user.id },
      actions: [
        {
          action_id: decision === 'approved' ? ACTION_IDS.approve : ACTION_IDS.reject,
          type: 'button',
          value: approvalId,
        },
      ],
    });
    const body = new URLSearchParams({ payload }).toString();
    const timestamp = Math.floor((this.opts.now?.() ?? new Date()).getTime() / 1000);
    return this.interact({ headers: signSlackRequest(body, this.signingSecret, timestamp), body });
  }

  private machine(name: StateMachineName): Machine {
    let m = this.machines.get(name);
    if (!m) {
      const { sm, loaded } = compiled(name, this.opts.root ?? process.cwd());
      // What does not change between executions is built once: the overrides of the Task states
      // that need neither the execution's task token nor its input, the retry intervals, the ARN.
      const shared: Record<string, TaskOverride> = {};
      const perExecution: Array<[string, TaskBinding]> = [];
      const retries: Record<string, number> = {};
      for (const [stateName, binding] of loaded.tasks) {
        retries[stateName] = this.opts.retryIntervalMs ?? 0;
        if ((binding.kind === 'function' && binding.waitForTaskToken) || binding.executionInputPaths)
          perExecution.push([stateName, binding]);
        else shared[stateName] = (taskInput) => this.runTask(binding, taskInput, '');
      }
      const stateMachine = {
        id: localValue({ kind: 'state-machine', name }),
        name: `compliance-bot-${name}`,
      };
      m = { sm, shared, perExecution, retries, stateMachine };
      this.machines.set(name, m);
    }
    return m;
  }

  private async execute(
    name: StateMachineName,
    input: unknown,
    executionName?: string,
  ): Promise<ExecutionOutcome> {
    const { sm, shared, perExecution, retries, stateMachine } = this.machine(name);
    const execName = executionName ?? `local-${++this.executions}`;
    const executionId = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:compliance-bot-${name}:${execName}`;
    const token = `${this.tokenPrefix}${this.executions}-${execName}`;
    let handlers = shared;
    if (perExecution.length) {
      handlers = Object.assign({}, shared);
      for (const [stateName, binding] of perExecution) {
        const paths = binding.executionInputPaths;
        handlers[stateName] = (taskInput) =>
          this.runTask(binding, paths ? restoreExecutionInput(taskInput, paths, input) : taskInput, token);
      }
    }
    if (perExecution.length) this.broker.open(token);
    const run = sm.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retries },
      context: {
        Execution: { Id: executionId, Name: execName },
        StateMachine: { Id: stateMachine.id, Name: stateMachine.name },
        Task: { Token: token },
      },
    });
    this.running.add(run);
    try {
      return { status: 'SUCCEEDED', executionId, output: await run.result };
    } catch (error) {
      const cause = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
      return { status: 'FAILED', executionId, error: cause?.name ?? 'Error', cause: cause?.message ?? '' };
    } finally {
      this.running.delete(run);
      if (perExecution.length) this.broker.abandon(token);
    }
  }

  private async runTask(binding: TaskBinding, input: unknown, token: string): Promise<unknown> {
    const params = input as { Payload?: unknown; MessageBody?: unknown; Name?: string; Input?: unknown };
    switch (binding.kind) {
      case 'dead-letter':
        return this.deadLetters.send(params.MessageBody);
      case 'start-execution': {
        const name = params.Name ?? `local-${this.executions + 1}`;
        if (!this.opts.store.startExecution(name)) {
          const error = new Error(`Execution already exists: ${name}`);
          error.name = 'StepFunctions.ExecutionAlreadyExistsException';
          throw error;
        }
        const started = this.execute(binding.stateMachine, params.Input, name).then((outcome) => {
          this.remediations.push(outcome);
          if (this.remediations.length > KEEP_OUTCOMES) this.remediations.shift();
          return outcome;
        });
        this.pending.add(started);
        void started.finally(() => this.pending.delete(started));
        return { ExecutionArn: `local:${name}`, StartDate: new Date().toISOString() };
      }
      case 'function': {
        // The library hands each state a plain-data clone of its input; results are serialized as
        // Lambda would (class instances such as Unknown become their JSON form).
        const payload = params.Payload;
        const result = this.boundary(await this.tasks[binding.handler](payload), binding.handler);
        if (!binding.waitForTaskToken) return { Payload: result, StatusCode: 200 };
        // The Lambda returned; the state now waits for SendTaskSuccess / SendTaskFailure (or times out).
        const waiting = this.broker.wait(token);
        const request = result as { approvalId: string; expiresAt: string };
        const approver = this.opts.approver;
        if (approver) {
          const p = payload as Pick<ApprovalRequest, 'finding' | 'covers' | 'plan'>;
          const answer = await approver({
            approvalId: request.approvalId,
            finding: p.finding,
            ...(p.covers?.length ? { covers: p.covers } : {}),
            plan: p.plan,
            expiresAt: request.expiresAt,
          });
          const automatic = typeof answer === 'object' ? answer : undefined;
          const decision = automatic ? automatic.decision : (answer as Decision);
          // As in AWS, where the click is another Lambda: a click that could not complete the task
          // (the endpoint took the decision back and told the user) leaves the state waiting.
          if (!decision && this.opts.expireUndecided)
            await this.broker.fail(
              token,
              'States.Timeout',
              'left undecided at the local prompt: expired at once',
            );
          if (decision)
            await this.decide(
              request.approvalId,
              decision,
              automatic ? { id: LOCAL_AUTOMATIC, name: `local:${automatic.by}` } : undefined,
            ).catch((error: unknown) => {
              this.failedClicks.push({ approvalId: request.approvalId, error: String(error) });
              if (this.failedClicks.length > KEEP_OUTCOMES) this.failedClicks.shift();
            });
        }
        return this.boundary(await waiting, binding.handler);
      }
    }
  }

  /**
   * What a Lambda result becomes in AWS: JSON, and refused by name when it would not fit a state
   * (as the deployed middleware does), so a result the cloud dead-letters is dead-lettered here too.
   */
  private boundary<T>(value: T, producer: string): T {
    if (this.opts.serialize === false) return value;
    const { value: json, maxBytes } = jsonValueBounded(value);
    if (maxBytes > STATE_PAYLOAD_LIMIT_BYTES - LAMBDA_INTEGRATION_ENVELOPE_BYTES)
      assertFitsState(json, producer);
    return json;
  }
}
