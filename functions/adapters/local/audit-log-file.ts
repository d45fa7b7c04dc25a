import { closeSync, createReadStream, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';

/**
 * The local audit trail: one JSON line per record, appended when it happens, as the cloud writes
 * each audit item once and never updates it. Nothing of it stays in memory, so a long replay
 * (`npm start -- --events` with many events) does not grow with its history; reading streams the
 * file. A last line cut short by an interrupted run is skipped; any other bad line is an error
 * naming the file and line.
 */
export class AuditLogFile implements AuditLog {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  async append(record: AuditRecord): Promise<void> {
    this.appendSync(record);
  }

  appendSync(record: AuditRecord): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a');
    }
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  async *list(range: { from: string; to: string }): AsyncIterable<AuditRecord> {
    const size = fileSize(this.path);
    if (size === 0) return;
    const torn = !endsWithNewline(this.path, size);
    const records: AuditRecord[] = [];
    let lineNumber = 0;
    let pending: string | undefined;
    const lines = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
    // One line behind, so that the last line is known when it comes (it may be torn).
    for await (const line of lines) {
      if (pending !== undefined) this.keep(records, pending, lineNumber, range);
      pending = line;
      lineNumber++;
    }
    if (pending !== undefined && !torn) this.keep(records, pending, lineNumber, range);
    records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    yield* records;
  }

  /** Closes the file; the next append opens it again. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private keep(into: AuditRecord[], line: string, lineNumber: number, range: { from: string; to: string }) {
    if (!line.trim()) return;
    let record: AuditRecord;
    try {
      record = JSON.parse(line) as AuditRecord;
    } catch (error) {
      throw new Error(`${this.path}:${lineNumber}: not a JSON audit record (${(error as Error).message})`);
    }
    if (typeof record?.at !== 'string') {
      throw new Error(`${this.path}:${lineNumber}: audit record has no "at" timestamp`);
    }
    if (record.at >= range.from && record.at < range.to) into.push(record);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

function endsWithNewline(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}
