import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ASL fields the definition tests read (JSONPath definitions). */
export interface State {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Resource?: string;
  Comment?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Error?: string;
  Parameters?: Record<string, unknown>;
  MaxConcurrency?: number;
  Choices?: Array<{ Next: string; Variable?: string; StringEquals?: string }>;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

export const STATEMACHINES_DIR = join(__dirname, '..', '..', 'statemachines');

export function definitionOf(file: string): { StartAt: string; States: Record<string, State> } {
  return JSON.parse(readFileSync(join(STATEMACHINES_DIR, file), 'utf8'));
}

/** Each wait of a retrier before jitter, with the ASL defaults 1 s, 3 attempts, rate 2. */
export function retryWaits(r: Retrier): number[] {
  return Array.from({ length: r.MaxAttempts ?? 3 }, (_, n) =>
    Math.min((r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** n, r.MaxDelaySeconds ?? Infinity),
  );
}

/** The longest a retrier can wait in all (before jitter). */
export function worstWaitSeconds(r: Retrier): number {
  return retryWaits(r).reduce((a, b) => a + b, 0);
}
