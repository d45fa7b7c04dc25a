import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Headless Chromium (Debian's `chromium`; `.ci/run` installs it). Missing outside CI: the caller
 * skips with a loud notice. Missing with CI=true: a failure, because CI must exercise the browser.
 */
export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export function chromiumOrSkipNotice(): string | undefined {
  const binary = findChromium();
  if (!binary) {
    if (process.env.CI === 'true')
      throw new Error('chromium is required in CI (.ci/run installs it) but was not found');
    console.warn(
      '\n*** chromium not found: browser tests are SKIPPED (apt-get install chromium to run them) ***\n',
    );
  }
  return binary;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

export interface ChromiumRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runChromium(binary: string, args: string[]): ChromiumRun {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const result = spawnSync(binary, [...FLAGS, `--user-data-dir=${profile}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status };
}
