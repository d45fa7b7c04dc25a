import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Approval } from '../../ports/approval-store';
import type { AuditRecord } from '../../ports/audit-log';
import { parseSuppressions } from '../../rulebook/suppressions';
import { ApprovalArchiveFile } from './approval-archive-file';
import { AuditLogFile } from './audit-log-file';
import { emptyState, MemoryStore, type StoreState } from './memory-store';

/**
 * The local stores, kept under a state folder (`.local-state/` by default): `state.json` holds
 * findings, pending and recently decided approvals, score history, started executions and delivery
 * records; `audit.jsonl` the audit trail, one line per record, appended as it happens (see
 * AuditLogFile); `approvals.jsonl` the older decided approvals, out of memory (see
 * ApprovalArchiveFile); `suppressions.json`,
 * when the user writes one, holds suppressions (validated). Findings and approvals are worked on in
 * memory; `flush()` writes them atomically (temp file + rename), so an interrupted run never leaves a
 * torn file.
 */
export class FileStore extends MemoryStore {
  readonly dir: string;
  private readonly auditFile: AuditLogFile;
  private readonly approvalArchive: ApprovalArchiveFile;

  private constructor(
    dir: string,
    state: StoreState,
    auditFile: AuditLogFile,
    approvalArchive: ApprovalArchiveFile,
  ) {
    super(state, auditFile, approvalArchive);
    this.dir = dir;
    this.auditFile = auditFile;
    this.approvalArchive = approvalArchive;
  }

  static open(dir: string): FileStore {
    mkdirSync(dir, { recursive: true });
    let state = emptyState();
    try {
      state = {
        ...state,
        ...(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Partial<StoreState>),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${join(dir, 'state.json')} is not a valid state file: ${(error as Error).message}`);
      }
    }
    try {
      state.suppressions = parseSuppressions(
        JSON.parse(readFileSync(join(dir, 'suppressions.json'), 'utf8')),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${join(dir, 'suppressions.json')}: ${(error as Error).message}`);
      }
    }
    const auditFile = new AuditLogFile(join(dir, 'audit.jsonl'));
    // A state folder written before the audit trail had its own file keeps it in state.json: move it.
    const carried: AuditRecord[] = Array.isArray(state.audit) ? state.audit : [];
    state.audit = [];
    if (carried.length && !existsSync(auditFile.path))
      for (const record of carried) auditFile.appendSync(record);
    const archive = new ApprovalArchiveFile(join(dir, 'approvals.jsonl'));
    // A parallel replay stopped (Ctrl-C, a crash) before it merged its workers' archives: merge them
    // now, before the store decides which of state.json's approvals the archive supersedes.
    for (const name of readdirSync(dir)
      .filter((n) => /^approvals\.worker-\d+\.jsonl$/.test(n))
      .sort()) {
      for (const approval of archivedApprovals(join(dir, name))) archive.put(approval);
      unlinkSync(join(dir, name));
    }
    const store = new FileStore(dir, state, auditFile, archive);
    if (carried.length) store.dirty = true;
    return store;
  }

  /**
   * Appends the decided approvals of another archive file (a triage worker's, see
   * local/parallel/pool.ts) to this folder's `approvals.jsonl`, the latest version of each last.
   */
  adoptArchivedApprovals(path: string): void {
    for (const approval of archivedApprovals(path)) this.approvalArchive.put(approval);
  }

  /** The folder holds state written by `npm start` (or by this store). */
  static exists(dir: string): boolean {
    return existsSync(join(dir, 'state.json')) || existsSync(join(dir, 'audit.jsonl'));
  }

  flush(): void {
    this.auditFile.close();
    this.approvalArchive.close();
    if (!this.dirty) return;
    const { audit: _inItsOwnFile, ...rest } = this.snapshot();
    const path = join(this.dir, 'state.json');
    writeFileSync(`${path}.tmp`, `${JSON.stringify(rest, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
    this.dirty = false;
  }
}

/** The approvals of a triage worker's archive file, in file order. */
function archivedApprovals(path: string): Approval[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  // The last line is empty, or cut short by a worker that stopped mid-write: dropped either way.
  lines.pop();
  return lines.filter((line) => line.trim()).map((line) => JSON.parse(line) as Approval);
}
