import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Approval } from '../../ports/approval-store';
import type { ApprovalArchive } from './memory-store';

/** Bytes read at once when looking an archived approval up (most lines are shorter). */
const READ_CHUNK = 4096;

/**
 * Decided approvals the local store no longer keeps in memory (`approvals.jsonl` in the state
 * folder): one JSON line per version, appended; the latest line of an approval id is its record.
 * In memory only its offset stays, so a long replay does not keep every plan and task token (the
 * cloud keeps them in DynamoDB until their TTL). A last line cut short by an interrupted run is
 * dropped when the file is opened.
 */
export class ApprovalArchiveFile implements ApprovalArchive {
  private fd: number | undefined;
  private size = 0;
  /** Approval id -> byte offset of its latest line. */
  private readonly offsets = new Map<string, number>();

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    const fd = this.open();
    let offset = 0;
    let rest = '';
    let restStart = 0;
    const buffer = Buffer.alloc(1 << 16);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      if (read === 0) break;
      const text = rest + buffer.toString('latin1', 0, read);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const line = Buffer.from(text.slice(start, nl), 'latin1').toString('utf8');
        const approval = JSON.parse(line) as Approval;
        this.offsets.set(approval.approvalId, restStart + start);
        start = nl + 1;
      }
      restStart += start;
      rest = text.slice(start);
      offset += read;
    }
    // An interrupted run may have left half a line: drop it, so the next line starts clean.
    if (rest.length) ftruncateSync(fd, restStart);
    this.size = restStart;
  }

  has(approvalId: string): boolean {
    return this.offsets.has(approvalId);
  }

  get(approvalId: string): Approval | undefined {
    const offset = this.offsets.get(approvalId);
    if (offset === undefined) return undefined;
    const fd = this.open();
    let buffer = Buffer.alloc(READ_CHUNK);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, offset + length);
      const nl = buffer.indexOf(0x0a, length);
      length += read;
      if (nl !== -1 && nl < length) return JSON.parse(buffer.toString('utf8', 0, nl)) as Approval;
      if (read === 0) throw new Error(`${this.path}: the line of approval ${approvalId} is cut short`);
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)]);
    }
  }

  put(approval: Approval): void {
    const fd = this.open();
    const line = Buffer.from(`${JSON.stringify(approval)}\n`);
    writeSync(fd, line, 0, line.length, this.size);
    this.offsets.set(approval.approvalId, this.size);
    this.size += line.length;
  }

  /** Closes the file; the next call opens it again. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a+');
      this.size = Math.max(this.size, fstatSync(this.fd).size);
    }
    return this.fd;
  }
}
