import { describe, expect, it } from 'vitest';
import { buildFindingMessage } from '../../functions/notifications/model';
import { renderFindingForTerminal } from '../../functions/notifications/terminal';
import { ACCOUNT, pendingApproval, storedFinding } from './findings';

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

  it('renders resolved findings as resolved', () => {
    const model = buildFindingMessage(
      { kind: 'resolved', finding: storedFinding({ status: 'resolved' }) },
      ACCOUNT,
    );
    expect(renderFindingForTerminal(model, { enabled: false })).toMatch(/^RESOLVED S3 buckets/);
  });
});
