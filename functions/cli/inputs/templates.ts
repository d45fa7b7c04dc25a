import { readdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors';
import { displayPath, isDirectory } from './read';

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Relative to the working folder, as printed and as SARIF uris. */
  display: string;
}

/**
 * Expands the PATH arguments of `scan`: a file is itself; a folder is a `cdk.out` cloud assembly and
 * contributes every `*.template.json` in it, nested assemblies (`assembly-*`) included. Asset folders
 * (`asset.*`) hold bundled code, not templates, and are skipped.
 */
export function expandScanPath(arg: string, cwd: string): InputFile[] {
  const file = inputFile(arg, cwd);
  const { path: absolute, display } = file;
  if (!isDirectory(absolute, display)) return [file];
  const files = templatesUnder(absolute).map((file) => ({ path: file, display: displayPath(file, cwd) }));
  if (files.length === 0) {
    throw new InputError(display, 'folder holds no *.template.json file (expected a cdk.out folder)');
  }
  return files;
}

/** One file argument as given, not expanded: the input of `evaluate`. */
export function inputFile(arg: string, cwd: string): InputFile {
  const path = resolve(cwd, arg);
  return { path, display: displayPath(path, cwd) };
}

function templatesUnder(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('asset.') && entry.name !== 'node_modules')
        out.push(...templatesUnder(path));
    } else if (entry.name.endsWith('.template.json')) {
      out.push(path);
    }
  }
  return out;
}

/**
 * Each file once, first mention kept: `scan F ./F` or a cdk.out folder plus a template inside it
 * must not count the same checks twice. Files are the same when their real paths are (symlinks
 * followed); a path that does not resolve is kept as given, for its read to report the error.
 */
export function uniqueFiles(files: readonly InputFile[]): InputFile[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    let key: string;
    try {
      key = realpathSync(file.path);
    } catch {
      key = file.path;
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
