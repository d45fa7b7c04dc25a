import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * `moto_server` (the AWS API emulator of the machine image) for tests that talk real HTTP to
 * AWS-compatible APIs: one server per test file, on a free loopback port, stopped by PID.
 */

/**
 * Whether moto_server runs here. It is probed by running it (`--help`), not by finding it on PATH: a
 * shim (pyenv, an empty venv) can be on PATH without moto behind it. When it does not run: with
 * CI=true that is a failure; otherwise the caller skips its suite, and this prints a loud notice
 * naming `what` is skipped.
 */
export function motoAvailable(what = 'the moto_server tests'): boolean {
  const runs = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
  if (!runs) {
    if (process.env.CI === 'true')
      throw new Error('moto_server is required when CI=true but does not run here');
    console.warn(
      '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
        `!! moto_server does not run here: SKIPPING ${what}.\n` +
        '!! Install moto[server] (or set CI=true to make this a failure).\n' +
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
    );
  }
  return runs;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class MotoServer {
  private child?: ChildProcess;
  endpoint = '';

  /** Starts the server; says why when it exits early or does not answer within 30 s. */
  async start(): Promise<string> {
    const port = await freePort();
    // AWS managed policies (AdministratorAccess) are only loaded on request.
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    this.endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr.slice(-500)}`);
      try {
        const res = await fetch(`${this.endpoint}/moto-api/`);
        if (res.status < 500) return this.endpoint;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        this.stop();
        throw new Error(`moto_server did not start on ${this.endpoint}: ${stderr.slice(-500)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Clears every backend between tests. */
  async reset(): Promise<void> {
    await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
  }

  stop(): void {
    if (this.child?.pid && this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/** Client options for moto: any region, dummy credentials (moto accepts every key). */
export const MOTO_CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
} as const;
