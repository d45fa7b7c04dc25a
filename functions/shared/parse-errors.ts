/**
 * One-line parse error messages with a line and column, for errors shown to people (CLI, config
 * files). `JSON.parse` says "at position 47" or quotes the whole text; the `yaml` parser ends its
 * first line on a dangling "at line 4, column 1:".
 */

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * A `JSON.parse` error of `text` as `Unexpected token '}' at line 3, column 8`, and the line. V8
 * gives either a position (`in JSON at position 47`) or the text itself (`Unexpected token 'A',
 * "AWSTemplat"... is not valid JSON`, 10 characters either side of the token when it is long).
 */
export function jsonParseError(text: string, error: unknown): { message: string; line?: number } {
  const raw = (error as Error)?.message ?? String(error);
  const positioned = /^(.*?)(?: in JSON)? at position (\d+)(?: \(line \d+ column \d+\))?$/s.exec(raw);
  if (positioned) {
    const { line, column } = lineColumn(text, Number(positioned[2]));
    return { message: `${positioned[1]} at line ${line}, column ${column}`, line };
  }
  const quoted = /^(Unexpected token '(.)'), (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(raw);
  if (quoted) {
    const [, head, token, before, shown] = quoted;
    const offset = before
      ? text.indexOf(shown!) + 10 // V8 shows 10 characters before the token
      : firstOutsideStrings(text, token!);
    if (offset >= 0 && text[offset] === token) {
      const { line, column } = lineColumn(text, offset);
      return { message: `${head} at line ${line}, column ${column}`, line };
    }
    return { message: head! };
  }
  return { message: raw.split('\n')[0]! };
}

/** The first `char` of `text` that is not inside a JSON string, or -1. */
function firstOutsideStrings(text: string, char: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === char) {
      return i;
    }
  }
  return -1;
}

/**
 * A `yaml` parse error as one line: `Implicit map keys need to be followed by map values at line 4,
 * column 1` (the parser's first line ends on a colon before a code excerpt), and the line.
 */
export function yamlParseError(error: unknown): { message: string; line?: number } {
  const raw = ((error as Error)?.message ?? String(error)).split('\n')[0]!.replace(/:\s*$/, '');
  const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
  return line === undefined ? { message: raw } : { message: raw, line };
}
