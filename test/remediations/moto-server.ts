import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` for one test file and stops it by PID.
 * When moto_server is missing: with CI=true that is a failure; otherwise the suite is skipped with a
 * loud notice (toolchain.md: moto is preinstalled in the image and cannot be reinstalled).
 */
export function motoAvailable(): boolean {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).status === 0;
  if (!found) {
    if (process.env.CI === 'true')
      throw new Error('moto_server is required when CI=true but was not found on PATH');
    console.warn(
      '\n*** moto_server not found: SKIPPING the moto_server tests (set CI=true to make this a failure) ***\n',
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class MotoServer {
  private child?: ChildProcess;
  endpoint = '';

  async start(): Promise<string> {
    const port = await freePort();
    // AWS managed policies (AdministratorAccess) are only loaded on request.
    this.child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: 'ignore',
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    });
    this.endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.endpoint}/moto-api/`);
        if (res.ok || res.status < 500) return this.endpoint;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    this.stop();
    throw new Error('moto_server did not start within 20 s');
  }

  /** Clears every backend between tests. */
  async reset(): Promise<void> {
    await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
  }

  stop(): void {
    if (this.child?.pid && this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

export const MOTO_CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
} as const;
