import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scanReport } from '../../functions/cli/commands/scan';
import { captureIo } from '../../functions/cli/io';
import { RuleBook } from '../../functions/rulebook/engine';
import { fail, pass } from '../../functions/rulebook/model/evaluation';
import type { Finding } from '../../functions/rulebook/model/finding';
import { defineRule } from '../../functions/rulebook/rule';
import { configItemFromEvent } from '../support/rule-harness';
import { ANSI, CLI_FIXTURES, cli, json, ROOT, scratch } from './support';

const INSECURE = `${CLI_FIXTURES}/insecure-bucket.yaml`;
const SECURE = `${CLI_FIXTURES}/secure-bucket.json`;
const CDK_OUT = `${CLI_FIXTURES}/sample-cdk-out`;
const SNAPSHOT = `${CLI_FIXTURES}/config-snapshot.json`;

type Output = { findings: Finding[]; summary: Record<string, unknown> & { errors: unknown[] } };

describe('compliance-bot scan', () => {
  describe('templates', () => {
    it('reports the public bucket with file:line, exits 1 at the default --fail-on high', async () => {
      const { code, stdout, stderr } = await cli(['scan', INSECURE]);
      expect(code).toBe(1);
      expect(stderr).toBe('');
      expect(stdout).toContain('Security  score 0  1 failed, 0 passed, 1 unknown');
      expect(stdout).toContain('s3-bucket-blocks-public-access');
      expect(stdout).toContain('PublicBucket');
      expect(stdout).toContain('insecure-bucket.yaml:9'); // the path wraps at / in a 120-column table
      expect(stdout).toMatch(/Unknown \(1\).*\n.*ParameterBucket.*parameter BlockAcls/);
      expect(stdout).toContain('Not checked, no rule book model for: AWS::Athena::WorkGroup (1)');
      expect(stdout).toMatch(
        /^Total: 1 finding \(1 high\), 0 passed, 1 unknown checks on 2 resources\/events in 1 file$/m,
      );
    });

    it('exits 0 on a clean JSON template', async () => {
      const { code, stdout } = await cli(['scan', SECURE]);
      expect(code).toBe(0);
      expect(stdout).toContain('Total: 0 findings, 1 passed');
    });

    it('resolves a parameter given with --parameter, so the hidden flag is no longer unknown', async () => {
      const result = await cli(['scan', INSECURE, '-f', 'json', '--parameter', 'BlockAcls=true']);
      const out = json<Output>(result.stdout);
      expect(out.summary.unknown).toEqual([]);
      expect(out.summary.checks).toMatchObject({ passed: 1, failed: 1, unknown: 0 });
      const failing = await cli(['scan', INSECURE, '-f', 'json', '-p', 'BlockAcls=false']);
      expect(json<Output>(failing.stdout).findings.map((f) => f.resource.id)).toEqual([
        'ParameterBucket',
        'PublicBucket',
      ]);
    });

    it('skips a resource whose Condition is false; one that depends on a parameter is checked, noted "only if"', async () => {
      // Prepare
      const file = `${CLI_FIXTURES}/conditional-buckets.yaml`;
      // Act
      const table = await cli(['scan', file]);
      const out = json<Output>((await cli(['scan', file, '-f', 'json'])).stdout);
      const dev = await cli(['scan', file, '-p', 'Env=dev']);
      // Assess
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/ProdBucket.*\n.*\n.*conditional-buckets\.yaml:14.*\n.*only if IsProd/);
      // NeverBucket has no finding; the summary says it was left out, and why.
      expect(table.stdout.match(/NeverBucket/g)).toHaveLength(1);
      expect(table.stdout).toContain(
        'Not created with these parameters (Condition false): NeverBucket (AWS::S3::Bucket, Never)',
      );
      expect(out.findings.map((f) => [f.resource.id, f.resource.location?.condition])).toEqual([
        ['ProdBucket', 'IsProd'],
      ]);
      expect(out.summary.skippedByCondition).toEqual([
        { file, id: 'NeverBucket', type: 'AWS::S3::Bucket', condition: 'Never' },
      ]);
      expect(dev.code).toBe(0);
      expect(dev.stdout).toContain('on 0 resources/events');
      expect(dev.stdout).toContain('ProdBucket (AWS::S3::Bucket, IsProd)');
    });

    it('an unknown check on an Fn::Sub over a parameter not given names the parameter', async () => {
      // Prepare
      const dir = scratch({
        'sub.yaml': [
          'Parameters:',
          '  BucketSuffix: { Type: String }',
          'Resources:',
          '  SubBucket:',
          '    Type: AWS::S3::Bucket',
          '    Properties:',
          `      PublicAccessBlockConfiguration: { BlockPublicAcls: !Sub '\${BucketSuffix}', IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }`,
          '',
        ].join('\n'),
      });
      // Act
      const out = json<Output>((await cli(['scan', `${dir}/sub.yaml`, '-f', 'json'])).stdout);
      // Assess
      expect(out.summary.unknown).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Fn::Sub depends on parameter BucketSuffix'),
        }),
      ]);
      expect(JSON.stringify(out.summary.unknown)).not.toContain('partly known string');
    });

    it('honours --fail-on: a high finding does not fail the run at critical', async () => {
      expect((await cli(['scan', INSECURE, '--fail-on', 'critical'])).code).toBe(0);
      expect((await cli(['scan', INSECURE, '--fail-on', 'medium'])).code).toBe(1);
    });
  });

  describe('cdk.out folders', () => {
    it('scans every *.template.json, nested assemblies included, and skips asset folders', async () => {
      const { code, stdout } = await cli(['scan', CDK_OUT, '-f', 'json']);
      const out = json<Output>(stdout);
      expect(code).toBe(1);
      expect(out.summary.filesScanned).toEqual([
        `${CDK_OUT}/AppStack.template.json`,
        `${CDK_OUT}/assembly-Prod/ProdDataStack.template.json`,
      ]);
      expect(out.findings).toHaveLength(1);
      expect(out.findings[0]!.resource).toMatchObject({
        type: 'AWS::S3::Bucket',
        id: 'ExportsBucketB4D0E3A6',
        location: { file: `${CDK_OUT}/assembly-Prod/ProdDataStack.template.json`, line: 3 },
      });
      // CDK's own metadata resource is bookkeeping, not an unchecked resource.
      expect(out.summary.unsupportedTypes).toEqual([]);
    });

    it('scans a file given more than once, or also inside a given folder, once', async () => {
      const once = json<Output>((await cli(['scan', CDK_OUT, INSECURE, '-f', 'json'])).stdout);
      const repeated = await cli([
        'scan',
        CDK_OUT,
        `${CDK_OUT}/AppStack.template.json`,
        `./${CDK_OUT}/assembly-Prod/../AppStack.template.json`,
        INSECURE,
        INSECURE,
        `./${INSECURE}`,
        '-f',
        'json',
      ]);
      const twice = json<Output>(repeated.stdout);
      expect(repeated.stderr).toBe('');
      expect(twice.summary).toEqual(once.summary);
      expect(twice.findings.map((f) => f.id)).toEqual(once.findings.map((f) => f.id));
    });

    it('rejects a folder with no template in it, counting the files it skipped', async () => {
      const dir = scratch({ 'notes.txt': 'hello', 'ci.yml': 'jobs: {}\n' });
      const { code, stderr } = await cli(['scan', dir]);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `compliance-bot: ${dir}: folder holds no CloudFormation template (a .yaml, .yml, .json or .template file with Resources or AWSTemplateFormatVersion at the top level); 2 other files skipped\n`,
      );
    });

    it('rejects a cdk.out folder (manifest.json) with no *.template.json', async () => {
      const dir = scratch({ 'manifest.json': '{}', 'a.yaml': readFileSync(join(ROOT, INSECURE), 'utf8') });
      const { code, stderr } = await cli(['scan', dir]);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `compliance-bot: ${dir}: cdk.out folder (it has manifest.json) holds no *.template.json file\n`,
      );
    });

    const insecure = readFileSync(join(ROOT, INSECURE), 'utf8');
    const secure = readFileSync(join(ROOT, SECURE), 'utf8');
    it.each<{ name: string; files: Record<string, string>; scanned: string[]; skipped: string[] }>([
      {
        name: 'YAML and *.template.json side by side',
        files: { 'a.yaml': insecure, 'Y.template.json': secure },
        scanned: ['a.yaml', 'Y.template.json'],
        skipped: [],
      },
      {
        name: '.yml, .template and .json templates in sub-folders; other files skipped',
        files: {
          'stacks/net.yml': insecure,
          'stacks/b.template': `AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n`,
          'c.json': secure,
          'package.json': '{"name": "x"}',
          '.github/workflows/ci.yml': 'on: push\n',
          'README.md': '# hi',
          'config.yaml': 'Resources_dir: x\n',
        },
        scanned: ['c.json', 'stacks/b.template', 'stacks/net.yml'],
        skipped: ['config.yaml', 'package.json', 'README.md'],
      },
      {
        name: 'asset.* and node_modules not searched',
        files: { 'a.yaml': insecure, 'asset.1/t.yaml': insecure, 'node_modules/p/t.yaml': insecure },
        scanned: ['a.yaml'],
        skipped: [],
      },
    ])('scans the templates of a plain folder: $name', async ({ files, scanned, skipped }) => {
      // Prepare
      const dir = scratch(files);
      // Act
      const result = await cli(['scan', dir, '-f', 'json', '--fail-on', 'critical']);
      // Assess
      expect(result.stderr).toBe('');
      const out = json<Output & { summary: { filesScanned: string[]; skippedFiles: string[] } }>(
        result.stdout,
      );
      expect(out.summary.filesScanned).toEqual(scanned.map((f) => join(dir, f)));
      expect(out.summary.skippedFiles).toEqual(skipped.map((f) => join(dir, f)));
    });

    it('scans test/fixtures/templates (YAML only) as given in the docs', async () => {
      const { code, stderr, stdout } = await cli([
        'scan',
        'test/fixtures/templates',
        '--fail-on',
        'critical',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/in 6 files$/m);
    });

    it('counts skipped files in the table, and lists them with --verbose', async () => {
      const dir = scratch({ 'a.yaml': insecure, 'notes.txt': 'x', 'tsconfig.json': '{}' });
      const quiet = await cli(['scan', dir]);
      expect(quiet.stdout).toContain(
        'Skipped 2 files of the folders given: not CloudFormation templates (--verbose lists them)',
      );
      const verbose = await cli(['scan', dir, '--verbose']);
      expect(verbose.stdout).toContain(
        `Skipped 2 files of the folders given: not CloudFormation templates:\n  ${dir}/notes.txt\n  ${dir}/tsconfig.json\n`,
      );
      const markdown = await cli(['scan', dir, '-f', 'markdown']);
      expect(markdown.stdout).toContain(`## Skipped files`);
      expect(markdown.stdout).toContain(`- \`${dir}/notes.txt\``);
    });
  });

  describe('AWS Config snapshots', () => {
    it.each([SNAPSHOT, `${SNAPSHOT}.gz`])(
      'evaluates every item of %s with account and region',
      async (file) => {
        const { code, stdout } = await cli(['scan', file, '-f', 'json']);
        const out = json<Output>(stdout);
        expect(code).toBe(1);
        expect(out.findings).toHaveLength(1);
        expect(out.findings[0]).toMatchObject({
          source: 'snapshot',
          resource: {
            type: 'AWS::S3::Bucket',
            id: 'acme-prod-customer-exports',
            accountId: '111122223333',
            region: 'eu-west-1',
          },
        });
        expect(out.summary.checks).toMatchObject({ passed: 1, failed: 1 });
        expect(out.summary.unsupportedTypes).toEqual([
          {
            type: 'AWS::Athena::WorkGroup',
            count: 1,
            resources: [{ file, id: 'analysts' }],
          },
        ]);
      },
    );

    it('knows gzip by its content, not its name: gzipped as .json, or already unzipped as .json.gz', async () => {
      const text = readFileSync(join(ROOT, SNAPSHOT), 'utf8');
      const dir = scratch({});
      writeFileSync(`${dir}/gzipped.json`, gzipSync(text));
      writeFileSync(`${dir}/unzipped.json.gz`, text);
      for (const file of ['gzipped.json', 'unzipped.json.gz']) {
        const { code, stdout, stderr } = await cli(['scan', `${dir}/${file}`, '-f', 'json']);
        expect(stderr).toBe('');
        expect(code).toBe(1);
        expect(json<Output>(stdout).summary.checks).toMatchObject({ passed: 1, failed: 1 });
      }
    });

    it('ignores a UTF-8 byte order mark at the start of a snapshot, a template or a config file', async () => {
      const bom = '\uFEFF';
      const dir = scratch({
        'snapshot.json': bom + readFileSync(join(ROOT, SNAPSHOT), 'utf8'),
        'template.json': bom + readFileSync(join(ROOT, SECURE), 'utf8'),
        'bot.json': `${bom}{"disabledRules": []}`,
      });
      const { code, stdout, stderr } = await cli([
        'scan',
        `${dir}/snapshot.json`,
        `${dir}/template.json`,
        '-f',
        'json',
        '-c',
        `${dir}/bot.json`,
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(json<Output>(stdout).findings).toHaveLength(1);
    });

    it('reports an item with missing fields by its index, still evaluating the others (exit 2)', async () => {
      const good = configItemFromEvent('events/config-ci-s3-bucket.json');
      const broken = { ...good, resourceId: undefined };
      const dir = scratch({
        'snap.json': { fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [good, broken] },
      });
      const { code, stdout, stderr } = await cli(['scan', `${dir}/snap.json`, '-f', 'json']);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `compliance-bot: ${dir}/snap.json: configurationItems[1]: configuration item of type AWS::S3::Bucket has no resourceId\n`,
      );
      expect(json<Output>(stdout).findings).toHaveLength(1);
    });

    it('rejects a snapshot whose configurationItems is not a list', async () => {
      const dir = scratch({ 'snap.json': { fileVersion: '1.0', configurationItems: { a: 1 } } });
      const { code, stderr } = await cli(['scan', `${dir}/snap.json`]);
      expect(code).toBe(2);
      expect(stderr).toContain('"configurationItems" is not a list');
    });
  });

  describe('one scope per template: cross-resource rules see a complete inventory', () => {
    const countsBuckets = defineRule({
      id: 'test-single-bucket-per-scope',
      title: 'At most one bucket per template (test rule)',
      pillar: 'reliability',
      severity: 'medium',
      appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
      source: { seed: '000', section: 'test' },
      rationale: 'test rule that counts buckets in the inventory',
      recommendation: 'split the template',
      expectedImpact: 'none, it is a test',
      evaluate(_bucket, ctx) {
        const n = ctx.inventory.ofType('AWS::S3::Bucket').length;
        if (!ctx.inventory.complete) return pass('incomplete inventory');
        return n > 1 ? fail(`${n} buckets in this scope`) : pass('one bucket');
      },
    });

    it('counts the buckets of each template separately', () => {
      const io = captureIo({ cwd: ROOT });
      const report = scanReport(
        [INSECURE, CDK_OUT],
        { failOn: 'high', parameter: {} },
        io,
        new RuleBook([countsBuckets]),
      );
      expect(report.findings.map((f) => `${f.resource.id}: ${f.message}`).sort()).toEqual([
        'ParameterBucket: 2 buckets in this scope',
        'PublicBucket: 2 buckets in this scope',
      ]);
      expect(report.summary.checks.passed).toBe(2);
    });
  });

  describe('output formats', () => {
    it('json: every finding has exactly the Finding fields; the summary has the documented keys', async () => {
      const out = json<Output>((await cli(['scan', INSECURE, SNAPSHOT, '-f', 'json'])).stdout);
      const template = out.findings.find((f) => f.source === 'cloudformation')!;
      expect(Object.keys(template).sort()).toEqual(
        [
          'id',
          'ruleId',
          'title',
          'pillar',
          'severity',
          'resource',
          'message',
          'evidence',
          'rationale',
          'recommendation',
          'expectedImpact',
          'source',
          'seed',
          'references',
          'remediation',
          'observedAt',
        ].sort(),
      );
      expect(template.id).toMatch(/^[0-9a-f]{24}$/);
      expect(Object.keys(out.summary).sort()).toEqual(
        [
          'filesScanned',
          'subjectsEvaluated',
          'checks',
          'findings',
          'bySeverity',
          'byPillar',
          'pillarScores',
          'unknown',
          'unsupportedTypes',
          'skippedByCondition',
          'needsFetch',
          'complianceChanges',
          'errors',
          'suppressed',
          'transformed',
          'skippedFiles',
          'parameterDefaults',
          'failOn',
          'failOnUnknown',
          'failed',
        ].sort(),
      );
      expect(out.summary.bySeverity).toEqual({ critical: 0, high: 2, medium: 0, low: 0, info: 0 });
      expect(out.summary.unknown).toEqual([
        expect.objectContaining({
          ruleId: 's3-bucket-blocks-public-access',
          resource: expect.objectContaining({ id: 'ParameterBucket' }),
          message: expect.stringContaining('BlockAcls'),
        }),
      ]);
    });

    it('markdown: the seed recommendations table and a Risks section', async () => {
      const { stdout } = await cli(['scan', INSECURE, '-f', 'markdown']);
      expect(stdout).toContain('| Pillar | Current Gap | Recommendation | Expected Impact |');
      expect(stdout).toMatch(
        /^\| Security \| \*\*S3 buckets block public access.*\| Turn on BlockPublicAcls/m,
      );
      expect(stdout).toContain('## Risks');
      expect(stdout).toMatch(
        /- \*\*high\*\* S3 buckets block public access.*PublicBucket \(test\/fixtures\/cli\/insecure-bucket.yaml:9\)/,
      );
    });

    it('markdown: a finding on a resource created only if a Condition holds says so, in the gap and the risk', async () => {
      // Act
      const { stdout } = await cli(['scan', `${CLI_FIXTURES}/conditional-buckets.yaml`, '-f', 'markdown']);
      // Assess
      expect(stdout).toMatch(/^\| Security \| .*`ProdBucket` \(only if IsProd\)/m);
      expect(stdout).toMatch(
        /- \*\*high\*\* .*AWS::S3::Bucket ProdBucket \(test\/fixtures\/cli\/conditional-buckets\.yaml:14, only if IsProd\)/,
      );
      const plain = await cli(['scan', INSECURE, '-f', 'markdown']);
      expect(plain.stdout).not.toContain('only if');
    });

    it('table: no color when stdout is not a terminal or NO_COLOR is set, color on a terminal', async () => {
      expect((await cli(['scan', INSECURE])).stdout).not.toMatch(ANSI);
      expect((await cli(['scan', INSECURE], { tty: true })).stdout).toMatch(ANSI);
      expect((await cli(['scan', INSECURE], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    });

    it('shows progress on stderr only when stderr is a terminal', async () => {
      expect((await cli(['scan', CDK_OUT])).stderr).toBe('');
      const tty = await cli(['scan', CDK_OUT], { tty: true });
      expect(tty.stderr).toContain('[1/2] test/fixtures/cli/sample-cdk-out/AppStack.template.json');
      expect(tty.stderr).toContain('[2/2]');
    });
  });

  describe('bad input: exit 2 with one line naming the file', () => {
    const cases: Array<{ name: string; file: string; content: string | Buffer | object; error: RegExp }> = [
      {
        name: 'bad YAML (with its line)',
        file: 't.yaml',
        content: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: [\n',
        error: /t\.yaml:\d+: not valid YAML: /,
      },
      {
        name: 'bad JSON',
        file: 't.json',
        content: '{"Resources": {',
        error: /t\.json:1: not valid JSON: Expected property name or '}' at line 1, column 16$/,
      },
      {
        name: 'no Resources section',
        file: 't.yaml',
        content: 'AWSTemplateFormatVersion: "2010-09-09"\nOutputs: {}\n',
        error: /t\.yaml: no "Resources" section, so this is not a CloudFormation template$/,
      },
      {
        name: 'resource without Type',
        file: 't.json',
        content: { Resources: { Bucket: { Properties: {} } } },
        error: /t\.json: resource Bucket has no "Type"$/,
      },
      {
        name: 'a duplicated logical id (JSON)',
        file: 't.json',
        content:
          '{"Resources": {"B": {"Type": "AWS::EC2::SecurityGroup"}, "B": {"Type": "AWS::S3::Bucket"}}}',
        error:
          /t\.json:1: duplicate key "B" in Resources: CloudFormation rejects templates that repeat a key$/,
      },
      {
        name: 'a duplicated logical id (YAML)',
        file: 't.yaml',
        content: 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::EC2::SecurityGroup\n',
        error: /t\.yaml:4: duplicate key "B": CloudFormation rejects templates that repeat a key$/,
      },
      { name: 'empty file', file: 't.yaml', content: '', error: /t\.yaml: file is empty$/ },
      {
        name: 'gzip magic bytes, broken stream',
        file: 's.json',
        content: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]),
        error: /s\.json: not a valid gzip file/,
      },
      {
        name: 'binary (NUL bytes)',
        file: 't.yaml',
        content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
        error: /t\.yaml: not text \(binary data, or not UTF-8\)$/,
      },
      {
        name: 'binary (not UTF-8)',
        file: 't.json',
        content: Buffer.from([0x36, 0x0f, 0x80, 0x82, 0xee, 0x87, 0x27, 0xe7, 0x2a]),
        error: /t\.json: not text \(binary data, or not UTF-8\)$/,
      },
    ];

    it.each(cases)('$name', async ({ file, content, error }) => {
      const dir = scratch({});
      const path = `${dir}/${file}`;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        path,
        typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content),
      );
      const { code, stderr } = await cli(['scan', path]);
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`compliance-bot: ${path}`);
      expect(stderr.trimEnd()).toMatch(error);
    });

    it('a missing file is named; the other inputs are still scanned and printed', async () => {
      const { code, stdout, stderr } = await cli(['scan', 'nope.yaml', INSECURE, '-f', 'json']);
      expect(code).toBe(2);
      expect(stderr).toBe('compliance-bot: nope.yaml: no such file or folder\n');
      const out = json<Output>(stdout);
      expect(out.findings).toHaveLength(1);
      expect(out.summary.errors).toEqual([{ file: 'nope.yaml', message: 'no such file or folder' }]);
    });

    it('an unknown resource type is not an error: counted and listed', async () => {
      const dir = scratch({ 't.yaml': 'Resources:\n  Thing:\n    Type: AWS::Made::Up\n' });
      const { code, stdout } = await cli(['scan', `${dir}/t.yaml`, '-f', 'json']);
      expect(code).toBe(0);
      expect(json<Output>(stdout).summary.unsupportedTypes).toEqual([
        { type: 'AWS::Made::Up', count: 1, resources: [{ file: `${dir}/t.yaml`, id: 'Thing' }] },
      ]);
    });
  });

  describe('usage errors: exit 2', () => {
    it.each([
      {
        argv: ['scan', SECURE, '--format', 'xml'],
        error: /argument 'xml' is invalid. Allowed choices are table, json, sarif, markdown/,
      },
      {
        argv: ['scan', SECURE, '--fail-on', 'urgent'],
        error: /argument 'urgent' is invalid. Allowed choices are critical, high, medium, low, info/,
      },
      {
        argv: ['scan', SECURE, '--parameter', 'NoEquals'],
        error: /--parameter <Key=Value>' argument 'NoEquals' is invalid. expected Key=Value/,
      },
      { argv: ['scan'], error: /missing required argument 'paths'/ },
      { argv: ['frobnicate'], error: /unknown command 'frobnicate'/ },
    ])('$argv', async ({ argv, error }) => {
      const { code, stderr, stdout } = await cli(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(error);
    });

    it('--help exits 0', async () => {
      const { code, stdout } = await cli(['scan', '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('--fail-on <severity>');
    });

    it('--help says a --parameter overrides the Default and a parameter with neither is unknown', async () => {
      const { stdout } = await cli(['scan', '--help']);
      const help = stdout.replace(/\s+/g, ' ');
      expect(help).toContain('(overrides its Default; a parameter with neither is unknown)');
      expect(help).toContain(
        '--fail-on-unknown also exit 1 when a check at or above --fail-on cannot be decided',
      );
    });
  });

  describe('--config', () => {
    it('rejects an invalid configuration, naming the file and each bad key', async () => {
      const dir = scratch({
        'bot.yaml':
          'severityOverrides:\n  s3-bucket-blocks-public-access: urgent\nallowedPublicPorts: [70000]\nnoSuchKey: 1\n',
      });
      const { code, stderr } = await cli(['scan', SECURE, '--config', `${dir}/bot.yaml`]);
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`compliance-bot: ${dir}/bot.yaml: invalid configuration: `);
      expect(stderr).toContain('allowedPublicPorts.0:');
      expect(stderr).toContain('severityOverrides.s3-bucket-blocks-public-access:');
      expect(stderr).toMatch(/noSuchKey/);
    });

    it('rejects a configuration file that is not YAML', async () => {
      const dir = scratch({ 'bot.yaml': 'disabledRules: [a\n' });
      const { code, stderr } = await cli(['scan', SECURE, '-c', `${dir}/bot.yaml`]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/bot\.yaml(:\d+)?: not valid YAML or JSON/);
    });

    it('rejects a misspelled rule id in disabledRules or severityOverrides, naming it and the closest id', async () => {
      const dir = scratch({
        'bot.yaml':
          'disabledRules: [s3-bucket-blocks-publicaccess]\nseverityOverrides:\n  no-such-rule: low\n',
      });
      const { code, stdout, stderr } = await cli(['scan', INSECURE, '-c', `${dir}/bot.yaml`]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(
        'disabledRules.0: unknown rule id "s3-bucket-blocks-publicaccess" (did you mean "s3-bucket-blocks-public-access"?)',
      );
      expect(stderr).toContain('severityOverrides.no-such-rule: unknown rule id "no-such-rule"');
    });

    it('accepts any registered rule id, also one outside the rules a run is pinned to', async () => {
      const dir = scratch({ 'bot.yaml': 'disabledRules: [vpc-flow-logs-enabled]\n' });
      const { code, stderr } = await cli(['scan', SECURE, '-c', `${dir}/bot.yaml`]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    });

    it('applies severity overrides and disabled rules', async () => {
      const lower = scratch({
        'bot.json': { severityOverrides: { 's3-bucket-blocks-public-access': 'low' } },
      });
      const lowered = await cli(['scan', INSECURE, '-f', 'json', '-c', `${lower}/bot.json`]);
      expect(lowered.code).toBe(0);
      expect(json<Output>(lowered.stdout).findings[0]!.severity).toBe('low');
      const off = scratch({ 'bot.yaml': 'disabledRules: [s3-bucket-blocks-public-access]\n' });
      const disabled = await cli(['scan', INSECURE, '-f', 'json', '-c', `${off}/bot.yaml`]);
      expect(disabled.code).toBe(0);
      expect(json<Output>(disabled.stdout).findings).toEqual([]);
    });
  });
});
