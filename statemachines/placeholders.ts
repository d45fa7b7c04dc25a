import { HANDLERS, type HandlerName } from '../functions/handlers/manifest';

/**
 * The ONE map of every `${Placeholder}` used in `statemachines/*.asl.json` to what fills it. CDK passes
 * these as `definitionSubstitutions`; the local runtime fills them with local ARNs and routes each Task
 * to a local equivalent. A test fails when an ASL file uses a placeholder missing here, or the reverse.
 */
export type PlaceholderTarget =
  /** The ARN of the function built from `functions/handlers/<handler>/index.ts`. */
  | { kind: 'function'; handler: HandlerName }
  /** The ARN of another state machine of this app. */
  | { kind: 'state-machine'; name: StateMachineName }
  /** The URL of an SQS queue of this app. */
  | { kind: 'queue-url'; name: 'dead-letter' };

export const STATE_MACHINES = {
  triage: { file: 'statemachines/triage.asl.json', type: 'EXPRESS' },
  remediation: { file: 'statemachines/remediation.asl.json', type: 'STANDARD' },
  'weekly-report': { file: 'statemachines/weekly-report.asl.json', type: 'STANDARD' },
} as const;
export type StateMachineName = keyof typeof STATE_MACHINES;

const functionPlaceholders = Object.fromEntries(
  HANDLERS.filter((h) => h.placeholder !== undefined).map((h) => [
    h.placeholder as string,
    { kind: 'function', handler: h.name } satisfies PlaceholderTarget,
  ]),
);

export const PLACEHOLDERS: Readonly<Record<string, PlaceholderTarget>> = {
  ...functionPlaceholders,
  RemediationStateMachineArn: { kind: 'state-machine', name: 'remediation' },
  DeadLetterQueueUrl: { kind: 'queue-url', name: 'dead-letter' },
};

const PLACEHOLDER_PATTERN = /\$\{([A-Za-z0-9_]+)\}/g;

/** Every `${Name}` used in an ASL definition (as text), sorted. */
export function placeholdersIn(definitionText: string): string[] {
  const found = new Set<string>();
  for (const match of definitionText.matchAll(PLACEHOLDER_PATTERN)) found.add(match[1] as string);
  return [...found].sort();
}

/** Replaces each `${Name}` with `values[Name]`; throws naming the first placeholder left unfilled. */
export function fillPlaceholders(definitionText: string, values: Readonly<Record<string, string>>): string {
  return definitionText.replace(PLACEHOLDER_PATTERN, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`placeholder \${${name}} has no value`);
    return value;
  });
}
