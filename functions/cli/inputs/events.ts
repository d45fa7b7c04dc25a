import { jsonParseError } from '../../shared/parse-errors';
import { InputError, type InputProblem } from '../errors';
import { jsonInputError, readText } from './read';
import { scanInputKind, wrongCommand } from './wrong-command';

/** One entry of an `evaluate` input, with where it came from for error messages. */
export interface EventEntry {
  /** `event`: an EventBridge event; `record`: one entry of a CloudTrail log file's `Records`. */
  kind: 'event' | 'record';
  value: unknown;
  /** 1-based line for JSON lines input. */
  line?: number;
  /** `Records[3]` or `[3]` for entries of one JSON document. */
  item?: string;
}

export interface EventFile {
  entries: EventEntry[];
  /** Lines that are not JSON; the good lines are still evaluated. */
  problems: InputProblem[];
}

/**
 * Reads the input of `evaluate`: one EventBridge event (JSON), a JSON array of events, JSON lines
 * (one event per line, blank lines allowed), or a CloudTrail log file (`{"Records": [...]}`, also
 * gzipped as CloudTrail delivers it). A broken line is reported with its number; a broken last line
 * is called truncated.
 */
export function readEventFile(path: string, file: string): EventFile {
  const text = readText(path, file);
  if (text.trim() === '')
    throw new InputError(file, 'file is empty: expected an event, JSON lines or a CloudTrail log');
  let whole: unknown;
  let wholeError: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    wholeError = error;
  }
  const scanInput = scanInputKind(text, wholeError === undefined ? whole : undefined);
  if (scanInput !== undefined) throw wrongCommand(file, scanInput, 'scan');
  if (wholeError === undefined) return { entries: entriesOf(whole, file), problems: [] };
  const lines = text.split('\n');
  const firstLine = lines.findIndex((l) => l.trim() !== '');
  if (!parses(lines[firstLine]!)) {
    // Not JSON lines either: one (pretty-printed) document that is broken.
    throw jsonInputError(file, text, wholeError);
  }
  return jsonLines(lines, file);
}

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function entriesOf(body: unknown, file: string): EventEntry[] {
  if (Array.isArray(body)) return body.map((value, i) => ({ kind: 'event', value, item: `[${i}]` }));
  if (typeof body === 'object' && body !== null && 'Records' in body) {
    const records = (body as { Records: unknown }).Records;
    if (!Array.isArray(records))
      throw new InputError(file, '"Records" is not a list: not a CloudTrail log file');
    if (records.some(isSnsRecord)) throw new InputError(file, SNS_NOTIFICATION);
    return records.map((value, i) => ({ kind: 'record', value, item: `Records[${i}]` }));
  }
  return [{ kind: 'event', value: body }];
}

function jsonLines(lines: string[], file: string): EventFile {
  const out: EventFile = { entries: [], problems: [] };
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      out.entries.push({ kind: 'event', value: JSON.parse(line), line: i + 1 });
    } catch (error) {
      // One line: the column is the position in it; the line number is the problem's own.
      const message = jsonParseError(line, error).message.replace(/ at line 1, (column \d+)$/, ' at $1');
      out.problems.push({
        file,
        line: i + 1,
        message:
          i === last
            ? `truncated JSON line (the file ends in the middle of an event): ${message}`
            : `not valid JSON: ${message}`,
      });
    }
  }
  return out;
}

/**
 * An SNS notification as a Lambda subscription receives it (`{"Records": [{"EventSource": "aws:sns",
 * "Sns": {...}}]}`), e.g. a Cost Anomaly Detection alert: not converted (its message is not the
 * EventBridge event, and lacks the event's id, region and detail shape).
 */
const SNS_NOTIFICATION =
  'an SNS notification (Records[].Sns), not EventBridge events: the bot ingests the EventBridge' +
  ' "Anomaly Detected" event (source aws.ce) from the default bus, not the Cost Anomaly Detection SNS' +
  ' notification (examples/events.jsonl has such an event)';

function isSnsRecord(record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as { EventSource?: unknown; Sns?: unknown };
  return r.EventSource === 'aws:sns' || (typeof r.Sns === 'object' && r.Sns !== null);
}
