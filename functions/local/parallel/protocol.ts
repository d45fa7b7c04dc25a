import type { DeadLetter } from '../../adapters/local/dead-letter-file';
import type { StoreState } from '../../adapters/local/memory-store';
import type { Approval } from '../../ports/approval-store';
import type { AuditRecord } from '../../ports/audit-log';
import type { StoredFinding } from '../../ports/findings-store';
import type { AccountInfo } from '../../ports/inventory-source';
import type { ApprovalRequest } from '../../ports/notifier';
import type { RuleBookConfig } from '../../rulebook/config';
import type { Severity } from '../../rulebook/model/severity';
import type { Suppression } from '../../rulebook/suppressions';
import type { ReplayTotals } from '../replay-event';
import type { Decision } from '../runtime';

/** What a triage worker is started with (`workerData`). */
export interface WorkerInit {
  index: number;
  /** Directory holding `statemachines/`. */
  root: string;
  /** This worker's partition of the store: its findings and approvals, copies of the rest. */
  state: StoreState;
  /**
   * Decided approvals beyond the latest ones: `base` is the state folder's `approvals.jsonl` (read
   * only here), `own` the file this worker appends to (the main thread moves it into `base` at the end).
   */
  archive?: { base: string; own: string };
  configItems: unknown[];
  accounts: AccountInfo[];
  /** `ask`: every approval request is a message to the main thread, which prompts. */
  approve: 'ask' | 'all' | 'none';
  approvalTimeoutSeconds?: number;
  /** False: remediation is turned off (`remediation.enabled`), as the Plan function's REMEDIATION_ENABLED. */
  remediationEnabled?: boolean;
  notifyMinSeverity: Severity;
  /** The rule book settings (`--config` / cdk.json); default: the built-in ones. */
  ruleBook?: RuleBookConfig;
  colors: boolean;
  /** False: the event's terminal output is dropped (the benchmark), not sent back. */
  output: boolean;
  /** A module exporting `wrap` (LocalRuntime's option): tests inject failures here. */
  hooks?: string;
}

/** One item of a worker's queue, in file order: an event to triage, or a Config item another worker triages. */
export type WorkItem = { seq: number; event: unknown } | { remember: unknown };

export type ToWorker =
  | { t: 'work'; items: WorkItem[] }
  | { t: 'answer'; id: number; decision: Decision }
  | { t: 'gc' }
  /** The worker's partition as it is now (the benchmark weighs the store). */
  | { t: 'snapshot' }
  | { t: 'finish' };

/** What became of one event in a worker. */
export interface EventDone {
  seq: number;
  /** The event's terminal output after any `chunk`s sent for it. */
  text: string;
  audit: AuditRecord[];
  deadLetters: DeadLetter[];
  totals: ReplayTotals;
}

/** A worker's partition at the end, and what it added to the replicated parts. */
export interface WorkerFinal {
  findings: Record<string, StoredFinding>;
  approvals: Record<string, Approval>;
  /** The watermarks of this worker's resources (resource-order.ts). */
  resources?: StoreState['resources'];
  /** The pending-approval claims as this worker left them (each worker starts with all of them). */
  pendingClaims?: StoreState['pendingClaims'];
  executions: string[];
  deliveries: StoreState['deliveries'];
  suppressions: Suppression[];
}

export type FromWorker =
  | { t: 'ready' }
  | { t: 'done'; results: EventDone[] }
  /** Output of event `seq` so far: sent before the worker asks the main thread for a decision. */
  | { t: 'chunk'; seq: number; text: string }
  | { t: 'ask'; seq: number; id: number; request: ApprovalRequest }
  /** After the forced GC: this isolate's heap in use, in bytes. */
  | { t: 'gc-done'; heapUsed: number }
  | { t: 'snapshot'; final: WorkerFinal }
  | { t: 'finished'; final: WorkerFinal };
