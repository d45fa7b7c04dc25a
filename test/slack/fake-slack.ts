import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Slack Web API received. */
export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

/**
 * A local stand-in for the Slack Web API on 127.0.0.1: records each call (blocks decoded), answers
 * `ok` with a fresh `ts`, or whatever `script` returns (429 + Retry-After, 500, `ok: false`).
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Return a reply to override the default for this call; undefined = default success. */
  script: (call: SlackCall, index: number) => FakeReply | undefined = () => undefined;
  private server?: Server;
  private seq = 0;

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/`;
  }

  /** Successful calls of one method (what Slack actually accepted). */
  accepted(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method && (c as SlackCall & { ok?: boolean }).ok);
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const params = parseBody(await readBody(req), req.headers['content-type'] ?? '');
      const call: SlackCall & { ok?: boolean } = { method, params, at: Date.now() };
      this.calls.push(call);
      const reply = this.script(call, this.calls.length - 1);
      if (reply) {
        call.ok = reply.status === undefined && reply.body?.ok === true;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body ?? { ok: false, error: 'scripted' }));
        return;
      }
      call.ok = true;
      const ts = `1767000000.${String(++this.seq).padStart(6, '0')}`;
      const body =
        method === 'chat.postMessage'
          ? { ok: true, channel: params.channel, ts, message: { ts } }
          : method === 'chat.update'
            ? { ok: true, channel: params.channel, ts: params.ts }
            : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}');
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value;
  }
  return out;
}
