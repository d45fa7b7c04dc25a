import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DeadLetter {
  at: string;
  /** The SQS MessageBody the state machine built: `{ originalEvent, error, executionId, ... }`. */
  body: unknown;
}

/** In memory, only the latest messages are kept (a long replay must not grow without bound). */
const KEEP_IN_MEMORY = 1000;

/** The local dead-letter queue: one JSON line per message, appended to a file. */
export class DeadLetterFile {
  readonly messages: DeadLetter[] = [];
  /** Messages sent since this queue was created. */
  count = 0;
  constructor(readonly path?: string) {
    if (path) mkdirSync(dirname(path), { recursive: true });
  }
  send(body: unknown, now = new Date()): { MessageId: string } {
    const letter = { at: now.toISOString(), body };
    this.count++;
    this.messages.push(letter);
    if (this.messages.length > KEEP_IN_MEMORY) this.messages.shift();
    if (this.path) appendFileSync(this.path, `${JSON.stringify(letter)}\n`);
    return { MessageId: `local-${this.count}` };
  }
}
