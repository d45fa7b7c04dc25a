import { describe, expect, it } from 'vitest';
import { CLI_FIXTURES, cli, scratch } from './support';

const F = CLI_FIXTURES;
const E = 'test/fixtures/events';

describe('an input given to the wrong command says which command reads it', () => {
  it.each([
    {
      argv: ['evaluate', `${F}/insecure-bucket.yaml`],
      stderr: `compliance-bot: ${F}/insecure-bucket.yaml: a CloudFormation template, not events: use \`compliance-bot scan ${F}/insecure-bucket.yaml\`\n`,
    },
    {
      argv: ['evaluate', `${F}/secure-bucket.json`],
      stderr: `compliance-bot: ${F}/secure-bucket.json: a CloudFormation template, not events: use \`compliance-bot scan ${F}/secure-bucket.json\`\n`,
    },
    {
      argv: ['evaluate', `${F}/config-snapshot.json`],
      stderr: `compliance-bot: ${F}/config-snapshot.json: an AWS Config snapshot file, not events: use \`compliance-bot scan ${F}/config-snapshot.json\`\n`,
    },
    {
      argv: ['scan', `${F}/events.jsonl`],
      stderr: `compliance-bot: ${F}/events.jsonl: JSON lines of events, not a template or Config snapshot: use \`compliance-bot evaluate ${F}/events.jsonl\`\n`,
    },
    {
      argv: ['scan', `${E}/config-ci-s3-bucket.json`],
      stderr: `compliance-bot: ${E}/config-ci-s3-bucket.json: an EventBridge event, not a template or Config snapshot: use \`compliance-bot evaluate ${E}/config-ci-s3-bucket.json\`\n`,
    },
  ])('$argv.0 $argv.1', async ({ argv, stderr }) => {
    // Act
    const result = await cli(argv);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
  });

  it('names a CloudTrail log file and a list of events given to scan', async () => {
    const dir = scratch({
      'trail.json': { Records: [{ eventName: 'StopLogging' }] },
      'list.json': [{ source: 'aws.config', 'detail-type': 'x', detail: {} }],
    });
    const trail = await cli(['scan', `${dir}/trail.json`]);
    expect(trail.stderr).toContain(
      'a CloudTrail log file, not a template or Config snapshot: use `compliance-bot evaluate',
    );
    const list = await cli(['scan', `${dir}/list.json`]);
    expect(list.stderr).toContain(
      'a list of EventBridge events, not a template or Config snapshot: use `compliance-bot evaluate',
    );
  });
});
