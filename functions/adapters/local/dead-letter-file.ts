import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DeadLetter {
  at: string;
  /** The SQS MessageBody the state machine built: `{ originalEvent, error, executionId, ... }`. */
  body: unknown;
}

/** The local dead-letter queue: one JSON line per message, appended to a file. */
export class DeadLetterFile {
  readonly messages: DeadLetter[] = [];
  constructor(readonly path?: string) {
    if (path) mkdirSync(dirname(path), { recursive: true });
  }
  send(body: unknown, now = new Date()): { MessageId: string } {
    const letter = { at: now.toISOString(), body };
    this.messages.push(letter);
    if (this.path) appendFileSync(this.path, `${JSON.stringify(letter)}\n`);
    return { MessageId: `local-${this.messages.length}` };
  }
}
