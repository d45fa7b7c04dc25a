import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { jsonParseError } from '../../shared/parse-errors';
import { InputError } from '../errors';

/**
 * A file's text. Gzip is known by its magic bytes, not the name: CloudTrail logs and Config
 * snapshots are gzipped in S3 (`.json.gz`), but may be saved as `.json`, or come already unzipped
 * under the `.gz` name (a download that honoured `Content-Encoding: gzip`). A leading UTF-8 byte
 * order mark (Windows editors, PowerShell `Out-File`) is dropped: JSON.parse rejects it. Bytes
 * that are not UTF-8 text (an executable, an image) are an error, not a confusing parse failure.
 */
export function readText(path: string, display: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(display, describeFsError(error));
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new InputError(display, `not a valid gzip file: ${(error as Error).message}`);
    }
  }
  const text = utf8Text(bytes);
  if (text === undefined) throw new InputError(display, 'not text (binary data, or not UTF-8)');
  return text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text, without a leading byte order mark; undefined for bytes not UTF-8 or holding NUL. */
function utf8Text(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return UTF8.decode(bytes); // fatal: throws on invalid UTF-8; ignoreBOM false: drops the BOM
  } catch {
    return undefined;
  }
}

export function isDirectory(path: string, display: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    throw new InputError(display, describeFsError(error));
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  return (error as Error).message;
}

/** The path as the user should see it: relative to the working folder, `/`-separated. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  const shown = rel === '' ? '.' : rel.startsWith('..') ? resolve(cwd, path) : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** `not valid JSON: Unexpected token '}' at line 3, column 8`, with the line, as an InputError. */
export function jsonInputError(file: string, text: string, error: unknown): InputError {
  const { message, line } = jsonParseError(text, error);
  return new InputError(file, `not valid JSON: ${message}`, line !== undefined ? { line } : {});
}
