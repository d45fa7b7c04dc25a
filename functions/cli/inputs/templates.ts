import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors';
import { displayPath, isDirectory } from './read';
import { isJsonTemplate, isYamlTemplate } from './wrong-command';

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Relative to the working folder, as printed and as SARIF uris. */
  display: string;
}

/** What a `scan` argument expands to: the files to scan, and the files of a folder left out. */
export interface ScanPathExpansion {
  files: InputFile[];
  /** Files of a (non cdk.out) folder that are not CloudFormation templates, as displayed. */
  skipped: string[];
}

/**
 * Expands the PATH arguments of `scan`: a file is itself. A folder holding `manifest.json` is a
 * `cdk.out` cloud assembly and contributes every `*.template.json` in it, nested assemblies
 * (`assembly-*`) included. Any other folder contributes the CloudFormation templates under it:
 * `.yaml`, `.yml`, `.json` and `.template` files whose top level has `Resources` or
 * `AWSTemplateFormatVersion`; the other files are listed as skipped, never dropped silently. Asset
 * folders (`asset.*`, bundled code), `node_modules` and hidden folders (`.git`) are not searched.
 */
export function expandScanPath(arg: string, cwd: string): ScanPathExpansion {
  const file = inputFile(arg, cwd);
  const { path: absolute, display } = file;
  if (!isDirectory(absolute, display)) return { files: [file], skipped: [] };
  const shown = (path: string) => ({ path, display: displayPath(path, cwd) });
  if (existsSync(join(absolute, 'manifest.json'))) {
    const files = filesUnder(absolute, (name) => name.endsWith('.template.json')).map(shown);
    if (files.length === 0) {
      throw new InputError(display, 'cdk.out folder (it has manifest.json) holds no *.template.json file');
    }
    return { files, skipped: [] };
  }
  const files: InputFile[] = [];
  const skipped: string[] = [];
  for (const path of filesUnder(absolute, () => true)) {
    if (isTemplateFile(path)) files.push(shown(path));
    else skipped.push(displayPath(path, cwd));
  }
  if (files.length === 0) {
    throw new InputError(
      display,
      `folder holds no CloudFormation template (a .yaml, .yml, .json or .template file with Resources or AWSTemplateFormatVersion at the top level)${skipped.length > 0 ? `; ${skipped.length} other file${skipped.length === 1 ? '' : 's'} skipped` : ''}`,
    );
  }
  return { files, skipped };
}

const TEMPLATE_EXTENSION = /\.(ya?ml|json|template)$/i;

/** A CloudFormation template by its name and top level, without parsing the whole file. */
function isTemplateFile(path: string): boolean {
  if (!TEMPLATE_EXTENSION.test(path)) return false;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return true; // unreadable: scanning it reports why
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trimStart().startsWith('{')) return isYamlTemplate(text);
  try {
    return isJsonTemplate(JSON.parse(text));
  } catch {
    // Broken JSON that looks like a template is scanned, so its parse error is reported.
    return /"(Resources|AWSTemplateFormatVersion)"\s*:/.test(text);
  }
}

/** One file argument as given, not expanded: the input of `evaluate`. */
export function inputFile(arg: string, cwd: string): InputFile {
  const path = resolve(cwd, arg);
  return { path, display: displayPath(path, cwd) };
}

function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDER.test(entry.name)) out.push(...filesUnder(path, wanted));
    } else if (entry.isFile() && wanted(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** Bundled asset code, dependencies and hidden folders (`.git`): never templates of the project. */
const SKIPPED_FOLDER = /^(asset\.|node_modules$|\.)/;

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
