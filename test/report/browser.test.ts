import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../functions/report/render-html';
import { chromiumOrSkipNotice, runChromium } from '../support/chromium';
import { sampleReport } from './sample-report';

const chromium = chromiumOrSkipNotice();
const ARTIFACTS = join(__dirname, '..', '..', 'out', 'test-artifacts');
/** Chromium must not resolve any host: the page has nothing to fetch, and the browser's own pings stay home. */
const OFFLINE = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'];
const BROWSER_SERVICES = /^https?:\/\/([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)\//;

describe.skipIf(!chromium)('the weekly report in a real browser', () => {
  const model = sampleReport();
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  const page = join(dir, 'index.html');
  writeFileSync(page, renderHtml(model));

  it('loads with no console error and no request other than the page itself; screenshot saved', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const netLog = join(dir, 'net.json');
    const shot = join(ARTIFACTS, 'weekly-report-desktop.png');
    const run = runChromium(chromium!, [
      ...OFFLINE,
      '--enable-logging=stderr',
      '--v=0',
      `--log-net-log=${netLog}`,
      '--window-size=1100,2400',
      `--screenshot=${shot}`,
      `file://${page}`,
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/CONSOLE\(|Uncaught|Refused to/);
    const events = JSON.parse(readFileSync(netLog, 'utf8')).events as Array<{ params?: { url?: string } }>;
    const urls = new Set(events.map((e) => e.params?.url).filter((u): u is string => typeof u === 'string'));
    // Chromium pings its own services (update, account) whatever the flags; the host resolver rule
    // above stops them before DNS. Anything else would have come from the page.
    const pageRequests = [...urls].filter(
      (u) => !u.startsWith(`file://${page}`) && !BROWSER_SERVICES.test(u),
    );
    expect(pageRequests).toEqual([]);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });

  it('shows the six pillar scores and stays readable at 390 px (no sideways page scroll)', () => {
    // Headless Chromium will not make a window narrower than 500 px, so the page is measured inside
    // an iframe of the exact width. The report itself is unchanged (it keeps its CSP, no script).
    const measure = (width: number) =>
      `<!doctype html><body style="margin:0"><iframe id="f" style="width:${width}px;height:900px;border:0" srcdoc="${renderHtml(model).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>
<script>f.addEventListener('load',()=>{const d=f.contentDocument;document.title=JSON.stringify({
scrollWidth:d.documentElement.scrollWidth,width:f.contentWindow.innerWidth,
scores:[...d.querySelectorAll('.pillar')].map(c=>({text:c.innerText.replace(/\\s+/g,' '),visible:c.getBoundingClientRect().width>0}))});});</script></body>`;
    for (const width of [390, 1280]) {
      const measured = join(dir, `measure-${width}.html`);
      writeFileSync(measured, measure(width));
      const run = runChromium(chromium!, [
        ...OFFLINE,
        '--window-size=1400,1000',
        '--dump-dom',
        `file://${measured}`,
      ]);
      const title = /<title>(.*?)<\/title>/s.exec(run.stdout)?.[1] ?? '';
      const result = JSON.parse(title.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
        scrollWidth: number;
        width: number;
        scores: Array<{ text: string; visible: boolean }>;
      };
      expect(result.width).toBe(width);
      expect(result.scrollWidth).toBeLessThanOrEqual(width);
      expect(result.scores).toHaveLength(6);
      for (const [i, pillar] of model.pillars.entries()) {
        expect(result.scores[i]!.visible).toBe(true);
        expect(result.scores[i]!.text).toContain(`${pillar.title} ${pillar.score} / 100`);
      }
    }
    const phone = runChromium(chromium!, [
      ...OFFLINE,
      '--window-size=390,2400',
      `--screenshot=${join(ARTIFACTS, 'weekly-report-phone.png')}`,
      `file://${page}`,
    ]);
    expect(phone.status).toBe(0);
  });
});
