/**
 * Errors the CLI reports as exit code 2 with one line on stderr. `InputError` names the file (and
 * line or item when known); `UsageError` is a bad option or argument.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file: string;
  readonly line?: number;
  constructor(file: string, message: string, options: { line?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    if (options.line !== undefined) this.line = options.line;
  }

  /** `file:line: message`, the form editors and CI logs link. */
  get location(): string {
    return this.line === undefined ? this.file : `${this.file}:${this.line}`;
  }
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One problem with one input; the run goes on with the other inputs and exits 2. */
export interface InputProblem {
  file: string;
  line?: number;
  /** Index in `Records` / `configurationItems`, when the problem is one entry of a file. */
  item?: string;
  message: string;
}

export function problemOf(error: unknown, file: string, extra: Partial<InputProblem> = {}): InputProblem {
  if (error instanceof InputError) {
    return {
      file: error.file,
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...extra,
      message: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  // Core errors (TemplateError) often start with `file:` or `file:line:` already: keep one copy.
  if (message.startsWith(`${file}:`)) {
    const rest = message.slice(file.length + 1);
    const line = LINE_PREFIX.exec(rest);
    if (line) return { file, line: Number(line[1]), ...extra, message: rest.slice(line[0].length) };
    return { file, ...extra, message: rest.trimStart() };
  }
  return { file, ...extra, message };
}

const LINE_PREFIX = /^(\d+):\s*/;

export function formatProblem(problem: InputProblem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.item ? `${problem.item}: ` : ''}${problem.message}`;
}
