import { describe, expect, it } from 'vitest';
import { CLI_FIXTURES, cli, scratch } from './support';

describe('input error messages: one line, with line and column', () => {
  it.each([
    {
      name: 'a pretty-printed JSON template',
      file: 't.json',
      content: '{\n  "Resources": {\n    "B": }\n}\n',
      message: `t.json:3: not valid JSON: Unexpected token '}' at line 3, column 10`,
    },
    {
      name: 'a JSON template cut short',
      file: 't.json',
      content: '{\n  "Resources": {\n    "B": "x',
      message: 't.json:3: not valid JSON: Unterminated string at line 3, column 12',
    },
    {
      name: 'a Config snapshot with a stray brace',
      file: 'snap.json',
      content: '{\n  "configurationItems": [\n  }\n',
      message: `snap.json:3: not valid JSON: Unexpected token '}' at line 3, column 3`,
    },
    {
      name: 'a YAML template',
      file: 't.yaml',
      content: 'Resources:\n  B:\n    Type: AWS::S3::Bucket\nbroken\n',
      message:
        't.yaml:4: not valid YAML: Implicit map keys need to be followed by map values at line 4, column 1',
    },
  ])('scan: $name', async ({ file, content, message }) => {
    // Prepare
    const dir = scratch({ [file]: content });
    // Act
    const result = await cli(['scan', `${dir}/${file}`]);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`compliance-bot: ${dir}/${message}\n`);
  });

  it('evaluate: a broken JSON line gives its line and the column in it', async () => {
    const result = await cli(['evaluate', `${CLI_FIXTURES}/bad.jsonl`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `compliance-bot: ${CLI_FIXTURES}/bad.jsonl:2: truncated JSON line (the file ends in the middle of an event): Unterminated string at column 61\n`,
    );
  });

  it('evaluate: a broken pretty-printed event gives line and column', async () => {
    const dir = scratch({ 'e.json': '{\n  "source": "aws.config",\n  "detail": }\n' });
    const result = await cli(['evaluate', `${dir}/e.json`]);
    expect(result.stderr).toBe(
      `compliance-bot: ${dir}/e.json:3: not valid JSON: Unexpected token '}' at line 3, column 13\n`,
    );
  });
});

describe('configuration and option mistakes name the valid choices', () => {
  it.each([
    {
      name: 'a misspelled top-level key',
      config: `${CLI_FIXTURES}/key-typo.yaml`,
      message:
        'disabledRule: unknown key (did you mean "disabledRules"?); valid keys: tagPolicy, allowedPublicPorts, prod, rds, logs, costAnomaly, severityOverrides, disabledRules',
    },
  ])('--config: $name', async ({ config, message }) => {
    const result = await cli(['scan', `${CLI_FIXTURES}/secure-bucket.json`, '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`compliance-bot: ${config}: invalid configuration: ${message}\n`);
  });

  it('--config: a misspelled nested key names its level', async () => {
    const dir = scratch({ 'bot.yaml': 'tagPolicy:\n  mandatoryTag: [Owner]\n' });
    const result = await cli(['scan', `${CLI_FIXTURES}/secure-bucket.json`, '--config', `${dir}/bot.yaml`]);
    expect(result.stderr).toContain(
      'tagPolicy.mandatoryTag: unknown key (did you mean "mandatoryTags"?); valid keys of tagPolicy: mandatoryTags, environmentValues, securityClassificationValues, resourceTypes',
    );
  });

  it('audit --action: lists the valid actions and the closest one', async () => {
    const dir = scratch({ 'audit.jsonl': '' });
    const result = await cli(['audit', '--action', 'approve', '--file', `${dir}/audit.jsonl`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'compliance-bot: audit: unknown --action approve (did you mean "approved"?); valid actions: approval-requested, approved, rejected, expired, snoozed, acknowledged, remediated, remediation-failed, verified, verification-failed, resolved, cancelled, already-requested\n',
    );
  });
});

describe('unknown checks', () => {
  it('say once that a value is set at deploy time, then what sets it', async () => {
    const result = await cli(['scan', `${CLI_FIXTURES}/insecure-bucket.yaml`]);
    expect(result.stdout).toContain(
      'Block Public Access settings blockPublicAcls are set at deploy time: parameter BlockAcls\n',
    );
    expect(result.stdout).not.toContain('is set at deploy time (default');
  });
});
