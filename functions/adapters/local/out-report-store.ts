import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReportFile, ReportLink, ReportStore } from '../../ports/report-store';

/** Writes report files below a folder (`out/` by default); links are file paths. */
export class OutReportStore implements ReportStore {
  readonly root: string;
  constructor(root = 'out') {
    this.root = resolve(root);
  }
  async put(files: readonly ReportFile[]): Promise<void> {
    for (const file of files) {
      const path = this.pathOf(file.key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.body);
    }
  }
  async linkTo(key: string): Promise<ReportLink> {
    return { url: this.pathOf(key) };
  }
  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(`${this.root}/`)) throw new Error(`report key ${key} escapes the report folder`);
    return path;
  }
}
