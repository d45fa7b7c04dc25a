import type { FindingsStore, SlackThread, StoredFinding } from '../../functions/ports/findings-store';

/** Just the part of the findings store the Slack notifier uses. */
export class MemoryThreads implements Pick<FindingsStore, 'get' | 'setSlackThread'> {
  readonly findings = new Map<string, StoredFinding>();
  readonly writes: Array<{ id: string; thread: SlackThread }> = [];
  failNextWrite = false;

  async get(id: string) {
    return this.findings.get(id);
  }

  async setSlackThread(id: string, thread: SlackThread) {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('store down');
    }
    this.writes.push({ id, thread });
    const f = this.findings.get(id);
    if (f) this.findings.set(id, { ...f, slack: thread });
  }

  add(...findings: StoredFinding[]) {
    for (const f of findings) this.findings.set(f.id, f);
    return this;
  }
}
