import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { sarifProblems } from './sarif-check';
import { CLI_FIXTURES, cli, json } from './support';

const INSECURE = `${CLI_FIXTURES}/insecure-bucket.yaml`;

describe('scan --format sarif', () => {
  it('writes valid SARIF 2.1.0 for templates and snapshots', async () => {
    const { code, stdout } = await cli([
      'scan',
      INSECURE,
      `${CLI_FIXTURES}/sample-cdk-out`,
      `${CLI_FIXTURES}/config-snapshot.json`,
      '-f',
      'sarif',
    ]);
    expect(code).toBe(1);
    const log = json<Log>(stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results).toHaveLength(3);
  });

  it('describes each rule and locates each result at the template path and line, and the logical id', async () => {
    const log = json<Log>((await cli(['scan', INSECURE, '-f', 'sarif'])).stdout);
    const run = log.runs[0]!;
    const rule = run.tool.driver.rules!.find((r) => r.id === 's3-bucket-blocks-public-access')!;
    expect(rule).toMatchObject({
      name: 'S3BucketBlocksPublicAccess',
      shortDescription: { text: 'S3 buckets block public access (all four settings)' },
      fullDescription: { text: expect.stringContaining('Block Public Access') },
      help: { text: expect.stringContaining('Turn on BlockPublicAcls') },
      properties: { pillar: 'security', severity: 'high', tags: expect.arrayContaining(['security']) },
    });
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: 's3-bucket-blocks-public-access',
        level: 'error',
        message: { text: expect.stringContaining('Block Public Access is off') },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'test/fixtures/cli/insecure-bucket.yaml' },
              region: { startLine: 9 },
            },
            logicalLocations: [expect.objectContaining({ name: 'PublicBucket', kind: 'resource' })],
          },
        ],
      }),
    ]);
  });

  it('locates snapshot and event findings at their input file, naming the resource by ARN', async () => {
    const snapshot = json<Log>(
      (await cli(['scan', `${CLI_FIXTURES}/config-snapshot.json`, '-f', 'sarif'])).stdout,
    );
    expect(snapshot.runs[0]!.results![0]!.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'test/fixtures/cli/config-snapshot.json' } },
        logicalLocations: [
          {
            name: 'acme-prod-customer-exports',
            fullyQualifiedName: 'arn:aws:s3:::acme-prod-customer-exports',
            kind: 'resource',
          },
        ],
      },
    ]);
    const events = json<Log>(
      (await cli(['evaluate', 'test/fixtures/events/config-ci-s3-bucket.json', '-f', 'sarif'])).stdout,
    );
    expect(sarifProblems(events)).toEqual([]);
    expect(events.runs[0]!.results![0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'test/fixtures/events/config-ci-s3-bucket.json' },
    });
  });

  it('notes a resource created only if a parameter-dependent Condition holds, in the message and properties', async () => {
    // Prepare
    const file = `${CLI_FIXTURES}/conditional-buckets.yaml`;
    // Act
    const log = json<Log>((await cli(['scan', file, '-f', 'sarif'])).stdout);
    // Assess
    expect(sarifProblems(log)).toEqual([]);
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(1);
    expect(results[0]!.message.text).toMatch(/\(AWS::S3::Bucket ProdBucket, only if IsProd\)$/);
    expect(results[0]!.properties).toMatchObject({ condition: 'IsProd' });
    const unconditional = json<Log>((await cli(['scan', INSECURE, '-f', 'sarif'])).stdout);
    expect(unconditional.runs[0]!.results![0]!.properties).not.toHaveProperty('condition');
    expect(unconditional.runs[0]!.results![0]!.message.text).not.toContain('only if');
  });

  it('maps severities to levels: critical/high error, medium warning, low/info note', async () => {
    const { scratch } = await import('./support');
    const dir = scratch({ 'c.json': { severityOverrides: { 's3-bucket-blocks-public-access': 'medium' } } });
    const medium = json<Log>((await cli(['scan', INSECURE, '-f', 'sarif', '-c', `${dir}/c.json`])).stdout);
    expect(medium.runs[0]!.results![0]!.level).toBe('warning');
    const low = scratch({ 'c.json': { severityOverrides: { 's3-bucket-blocks-public-access': 'low' } } });
    const lowLog = json<Log>((await cli(['scan', INSECURE, '-f', 'sarif', '-c', `${low}/c.json`])).stdout);
    expect(lowLog.runs[0]!.results![0]!.level).toBe('note');
  });

  it('the checker catches what it claims to', () => {
    expect(
      sarifProblems({ version: '2.0.0', runs: [{ tool: { driver: {} }, results: [{ levl: 'error' }] }] }),
    ).toEqual([
      '$.version: must be "2.1.0"',
      '$.$schema: missing',
      '$.runs[0].tool.driver.name: required',
      '$.runs[0].results[0].levl: not a result property',
      '$.runs[0].results[0].message: message needs text or id',
    ]);
  });
});
