import { describe, expect, it } from 'vitest';
import { TerminalNotifier } from '../../functions/adapters/local/terminal-notifier';
import { buildFindingMessage } from '../../functions/notifications/model';
import { renderFindingForTerminal } from '../../functions/notifications/terminal';
import { ACCOUNT, COVERED, pendingApproval, resolvedByEvent, storedFinding } from './findings';

describe('terminal rendering', () => {
  it('shows the same facts as the Slack message, as plain text', () => {
    const model = buildFindingMessage(
      {
        kind: 'opened',
        finding: storedFinding({ actor: { label: 'IAMUser jane' } }),
        approval: pendingApproval(),
      },
      ACCOUNT,
    );
    const out = renderFindingForTerminal(model, { enabled: false });
    expect(out).toBe(
      [
        ' HIGH  S3 buckets block public access (all four settings)  [Security]',
        '  account   acme-prod-workloads (111122223333), OU Production  region eu-west-1',
        '  resource  AWS::S3::Bucket acme-prod-customer-exports',
        '            https://s3.console.aws.amazon.com/s3/buckets/acme-prod-customer-exports?region=eu-west-1',
        '  caused by IAMUser jane',
        '  found     Block Public Access is off for blockPublicPolicy, restrictPublicBuckets',
        '            settingsOff: blockPublicPolicy, restrictPublicBuckets',
        '  why       A bucket without all four Block Public Access settings can be made public by one ACL or policy change.',
        '  fix       Turn on all four Block Public Access settings.',
        '  proposed  Block all public access on the S3 bucket',
        '            S3.PutPublicAccessBlock {"Bucket":"acme-prod-customer-exports","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}',
        '  status    awaiting approval',
        '  s3-bucket-blocks-public-access · seed 001, S3 / Secure S3 Bucket · f-s3-public-acme-exports',
      ].join('\n'),
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for ANSI escapes
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('lists the other findings the proposed fix covers under it (SNS bodies are this text too)', () => {
    const model = buildFindingMessage(
      { kind: 'opened', finding: storedFinding(), approval: pendingApproval({ covers: COVERED }) },
      ACCOUNT,
    );
    const lines = renderFindingForTerminal(model, { enabled: false }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('  fixes too '));
    expect(lines.slice(at, at + 3)).toEqual([
      '  fixes too CRITICAL S3 bucket policies do not grant access to everyone',
      '            HIGH S3 Block Public Access is not turned off on a bucket',
      '  status    awaiting approval',
    ]);
  });

  it('renders resolved findings as resolved', () => {
    const model = buildFindingMessage(
      { kind: 'resolved', finding: storedFinding({ status: 'resolved' }) },
      ACCOUNT,
    );
    expect(renderFindingForTerminal(model, { enabled: false })).toMatch(/^RESOLVED S3 buckets/);
  });

  it('says which event resolved a finding, and shows the failing evidence as what no longer holds', () => {
    // Prepare
    const model = resolvedByEvent();
    // Act
    const lines = renderFindingForTerminal(model, { enabled: false }).split('\n');
    // Assess
    expect(lines.slice(4, 7)).toEqual([
      '  resolved  by event evt-42 at 2026-11-22T12:00:00.000Z: the check passes again',
      '  was       Block Public Access is off for blockPublicPolicy, restrictPublicBuckets',
      '            settingsOff: blockPublicPolicy, restrictPublicBuckets',
    ]);
    expect(lines.join('\n')).not.toContain('  found ');
  });
});

describe('TerminalNotifier', () => {
  it('prints a notification once, and a finding that reopens with the same evidence again', async () => {
    const lines: string[] = [];
    const terminal = new TerminalNotifier({ write: (text: string) => lines.push(text) });
    const opened = storedFinding({ notice: { kind: 'opened', at: '2026-11-18T10:00:00.000Z' } });
    const resolved = storedFinding({
      status: 'resolved',
      notice: { kind: 'resolved', at: '2026-11-18T11:00:00.000Z' },
    });
    const reopened = storedFinding({ notice: { kind: 'opened', at: '2026-11-18T12:00:00.000Z' } });
    await terminal.notify([{ kind: 'opened', finding: opened }]);
    await terminal.notify([{ kind: 'opened', finding: opened }]); // a retried Notify
    await terminal.notify([{ kind: 'resolved', finding: resolved }]);
    await terminal.notify([{ kind: 'opened', finding: reopened }]);
    expect(lines.map((l) => l.split('  ')[0])).toEqual([
      ' HIGH',
      'RESOLVED S3 buckets block public access (all four settings)',
      ' HIGH',
    ]);
  });
});
