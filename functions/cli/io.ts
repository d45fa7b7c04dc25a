import pc from 'picocolors';

/** Where a command writes. Tests pass captured streams; the bin passes the process's own. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Paths in output (SARIF uris, table locations) are relative to this folder. */
  cwd: string;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** Captures everything written, for in-process tests and benchmarks. */
export function captureIo(
  /** `columns`: the width stdout reports, 120 unless given; null for none (not a terminal). */
  options: { cwd?: string; env?: Io['env']; tty?: boolean; columns?: number | null } = {},
): Io & {
  out: () => string;
  err: () => string;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: {
      write: (t: string) => out.push(t),
      isTTY: options.tty ?? false,
      ...(options.columns === null ? {} : { columns: options.columns ?? 120 }),
    },
    stderr: { write: (t: string) => err.push(t), isTTY: options.tty ?? false },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

export type Colors = ReturnType<typeof pc.createColors>;

/** Color only on a terminal, and never when NO_COLOR is set and not empty (https://no-color.org). */
export function colorsFor(stream: OutputStream, env: Io['env']): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const enabled = Boolean(stream.isTTY) && !noColor;
  return pc.createColors(enabled);
}
