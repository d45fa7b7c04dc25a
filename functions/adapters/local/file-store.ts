import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSuppressions } from '../../rulebook/suppressions';
import { emptyState, MemoryStore, type StoreState } from './memory-store';

/**
 * The local stores, kept under a state folder (`.local-state/` by default): `state.json` holds
 * findings, approvals, audit, score history and started executions; `suppressions.json`, when the
 * user writes one, holds suppressions (validated). Work happens in memory; `flush()` writes the
 * state atomically (temp file + rename), so an interrupted run never leaves a torn file.
 */
export class FileStore extends MemoryStore {
  readonly dir: string;

  private constructor(dir: string, state: StoreState) {
    super(state);
    this.dir = dir;
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
    return new FileStore(dir, state);
  }

  flush(): void {
    if (!this.dirty) return;
    const rest = this.snapshot();
    const path = join(this.dir, 'state.json');
    writeFileSync(`${path}.tmp`, `${JSON.stringify(rest, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
    this.dirty = false;
  }
}
