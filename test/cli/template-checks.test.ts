// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings are the test data
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/rulebook/model/finding';
import { sarifProblems } from './sarif-check';
import { CLI_FIXTURES, cli, json, scratch } from './support';

const INSECURE = `${CLI_FIXTURES}/insecure-bucket.yaml`;
const CONDITIONAL = `${CLI_FIXTURES}/conditional-buckets.yaml`;
const SUPPRESSED = `${CLI_FIXTURES}/suppressed-bucket.yaml`;
const SAM = `${CLI_FIXTURES}/sam-function.yaml`;

type Output = {
  findings: Finding[];
  suppressed: Array<Finding & { suppression: { kind: string; reason: string } }>;
  summary: {
    failed: boolean;
    findings: number;
    suppressed: number;
    transformed: unknown[];
    errors: unknown[];
  };
};

/** A one-bucket template with the given resource Metadata (JSON, so no YAML quoting to get wrong). */
function bucketWithMetadata(metadata: unknown): string {
  const dir = scratch({
    't.json': {
      Resources: {
        Site: {
          Type: 'AWS::S3::Bucket',
          Metadata: metadata,
          Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: false } },
        },
      },
    },
  });
  return `${dir}/t.json`;
}

describe('scan: --parameter names checked against the template', () => {
  it.each([
    {
      name: 'a parameter the template does not have',
      argv: ['scan', INSECURE, '-p', 'Nope=1'],
      stderr: `compliance-bot: ${INSECURE}: --parameter Nope: the template has no parameter "Nope"; its parameters: BlockAcls\n`,
    },
    {
      name: 'the wrong case of a parameter',
      argv: ['scan', INSECURE, '-p', 'blockacls=true'],
      stderr: `compliance-bot: ${INSECURE}: --parameter blockacls: the template has no parameter "blockacls" (did you mean "BlockAcls"? names are case-sensitive); its parameters: BlockAcls\n`,
    },
    {
      name: 'several templates: named by none of them',
      argv: ['scan', INSECURE, CONDITIONAL, '-p', 'Envv=prod'],
      stderr: `compliance-bot: --parameter: Envv: no template scanned has a parameter "Envv" (did you mean "Env"?); parameters: ${INSECURE}: BlockAcls; ${CONDITIONAL}: Env\n`,
    },
  ])('exits 2 and names the parameter: $name', async ({ argv, stderr }) => {
    // Act
    const result = await cli(argv);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
  });

  it('accepts a parameter declared by one of several templates', async () => {
    const result = await cli(['scan', INSECURE, CONDITIONAL, '-p', 'Env=dev', '-p', 'BlockAcls=true']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });
});

describe('scan: references that name nothing are input errors', () => {
  it('names the template, line, resource and reference of the fixture', async () => {
    const result = await cli(['scan', `${CLI_FIXTURES}/bad-reference.yaml`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `compliance-bot: ${CLI_FIXTURES}/bad-reference.yaml:10: resource ApiSecretRotation: !Ref Rotate names no parameter, resource or pseudo parameter of this template; CloudFormation rejects it\n`,
    );
  });

  it.each([
    {
      name: '!GetAtt of a missing resource',
      value: { 'Fn::GetAtt': ['Missing', 'Arn'] },
      shown: '!GetAtt Missing',
    },
    { name: 'a !Sub variable', value: { 'Fn::Sub': 'x-${Missing}' }, shown: '${Missing} in !Sub' },
    { name: 'a !Sub attribute', value: { 'Fn::Sub': '${Missing.Arn}' }, shown: '${Missing.Arn} in !Sub' },
    { name: 'an unknown pseudo parameter', value: { Ref: 'AWS::Nowhere' }, shown: '!Ref AWS::Nowhere' },
  ])('rejects $name', async ({ value, shown }) => {
    const dir = scratch({
      't.json': { Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: value } } } },
    });
    const result = await cli(['scan', `${dir}/t.json`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`resource B: ${shown} names no parameter, resource or pseudo parameter`);
  });

  it.each([
    { name: 'pseudo parameters', value: { 'Fn::Sub': '${AWS::StackName}-${AWS::Region}-${AWS::URLSuffix}' } },
    {
      name: 'a !Sub variable of its own map, and an escaped ${!Literal}',
      value: { 'Fn::Sub': ['${X}-${!Literal}', { X: 'a' }] },
    },
    { name: 'another resource', value: { 'Fn::GetAtt': ['Other', 'Arn'] } },
  ])('accepts $name', async ({ value }) => {
    const dir = scratch({
      't.json': {
        Resources: {
          B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: value } },
          Other: { Type: 'AWS::SNS::Topic' },
        },
      },
    });
    const result = await cli(['scan', `${dir}/t.json`]);
    expect(result.stderr).toBe('');
  });
});

describe('scan: templates with a Transform (SAM)', () => {
  it('says the transformed resources are not checked and how to get the processed template', async () => {
    const table = await cli(['scan', SAM]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      `${SAM} uses Transform AWS::Serverless-2016-10-31: the resources the transform creates or changes (AWS::Serverless::*) are not checked. ` +
        'Scan the processed template instead: `aws cloudformation get-template --stack-name STACK --template-stage Processed` ' +
        '(a deployed stack; add `--change-set-name NAME` for a change set), or the one `sam validate --debug` prints (`sam build` output is not transformed).',
    );
    const out = json<Output>((await cli(['scan', SAM, '-f', 'json'])).stdout);
    expect(out.summary.transformed).toEqual([{ file: SAM, transforms: ['AWS::Serverless-2016-10-31'] }]);
    const markdown = (await cli(['scan', SAM, '-f', 'markdown'])).stdout;
    expect(markdown).toContain('## Not checked');
    expect(markdown).toContain('`sam validate --debug`');
    const sarif = json<Log>((await cli(['scan', SAM, '-f', 'sarif'])).stdout);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]!.invocations![0]!.toolExecutionNotifications![0]).toMatchObject({
      level: 'warning',
      message: { text: expect.stringContaining('--template-stage Processed') },
    });
  });
});

describe('scan: Fn::Transform AWS::Include inside the template', () => {
  type Summary = { summary: { unknown: Array<{ ruleId: string; message: string }> } };
  it.each([
    {
      name: 'in Resources: the other resources are checked, not an input error',
      file: `${CLI_FIXTURES}/include-resources.yaml`,
      code: 1,
      failing: ['ec2-security-group-no-world-ingress'],
      unknown: [] as string[],
    },
    {
      name: "in a bucket's Properties: what the snippet could set is unknown, never a failure",
      file: `${CLI_FIXTURES}/include-properties.yaml`,
      code: 0,
      failing: [] as string[],
      unknown: ['s3-bucket-encrypted-with-kms', 's3-bucket-versioning-enabled'],
    },
  ])('$name', async ({ file, code, failing, unknown }) => {
    // Act
    const result = await cli(['scan', file, '-f', 'json'], { rules: 'registry' });
    // Assess
    const out = json<Output & Summary>(result.stdout);
    expect(result.code).toBe(code);
    expect(out.summary.errors).toEqual([]);
    expect(out.summary.transformed).toEqual([{ file, transforms: ['AWS::Include'] }]);
    const failed = out.findings.map((f) => f.ruleId);
    for (const ruleId of failing) expect(failed).toContain(ruleId);
    for (const ruleId of unknown) {
      expect(failed).not.toContain(ruleId);
      const entry = out.summary.unknown.find((u) => u.ruleId === ruleId);
      expect(entry?.message).toContain(
        'may be set by AWS::Include s3://x/enc.yaml: transform not run offline',
      );
    }
    const table = await cli(['scan', file], { rules: 'registry', columns: 200 });
    expect(table.stdout).toContain('the AWS::Include snippets are not processed');
  });
});

describe('scan: suppressions in the template resource Metadata', () => {
  const REASON = 'Public website assets, served read-only; reviewed by the security team (SEC-142)';

  it('does not count a suppressed finding for --fail-on, and shows it with its reason in every format', async () => {
    // Act
    const table = await cli(['scan', SUPPRESSED, '--fail-on', 'info']);
    const out = json<Output>((await cli(['scan', SUPPRESSED, '-f', 'json', '--fail-on', 'info'])).stdout);
    const markdown = (await cli(['scan', SUPPRESSED, '-f', 'markdown'])).stdout;
    const sarif = json<Log>((await cli(['scan', SUPPRESSED, '-f', 'sarif'])).stdout);
    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      `Suppressed in the template (1): not counted for --fail-on\n  - high s3-bucket-blocks-public-access  AWS::S3::Bucket WebsiteBucket (${SUPPRESSED}:4): ${REASON}\n`,
    );
    expect(table.stdout).toMatch(/^Total: 0 findings, 1 suppressed, 0 passed/m);
    expect(out.findings).toEqual([]);
    expect(out.summary).toMatchObject({ findings: 0, suppressed: 1, failed: false });
    expect(out.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 's3-bucket-blocks-public-access',
        resource: expect.objectContaining({ id: 'WebsiteBucket' }),
        suppression: { kind: 'inSource', reason: REASON },
      }),
    ]);
    expect(markdown).toContain(
      `## Suppressed in the template\n\nAccepted with a reason; not counted for \`--fail-on\`:\n\n- **high** \`s3-bucket-blocks-public-access\` on AWS::S3::Bucket WebsiteBucket (${SUPPRESSED}:4): ${REASON}`,
    );
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results).toEqual([
      expect.objectContaining({
        ruleId: 's3-bucket-blocks-public-access',
        suppressions: [{ kind: 'inSource', justification: REASON }],
      }),
    ]);
  });

  it.each([
    {
      name: 'no reason',
      metadata: { 'compliance-bot': { suppressions: [{ rule: 's3-bucket-blocks-public-access' }] } },
      message:
        'suppressions.0: "reason" is required: say why the s3-bucket-blocks-public-access finding is accepted',
    },
    {
      name: 'an empty reason',
      metadata: {
        'compliance-bot': { suppressions: [{ rule: 's3-bucket-blocks-public-access', reason: '  ' }] },
      },
      message:
        'suppressions.0: "reason" is required: say why the s3-bucket-blocks-public-access finding is accepted',
    },
    {
      name: 'an unknown rule id',
      metadata: {
        'compliance-bot': { suppressions: [{ rule: 's3-bucket-blocks-publicaccess', reason: 'x' }] },
      },
      message:
        'suppressions.0: unknown rule id "s3-bucket-blocks-publicaccess" (did you mean "s3-bucket-blocks-public-access"?)',
    },
    {
      name: 'no suppressions list',
      metadata: { 'compliance-bot': { rule: 's3-bucket-blocks-public-access', reason: 'x' } },
      message: 'expected { suppressions: [ { rule, reason }, ... ] }',
    },
    {
      name: 'an unknown key',
      metadata: {
        'compliance-bot': { suppressions: [{ id: 's3-bucket-blocks-public-access', reason: 'x' }] },
      },
      message: 'suppressions.0: unknown key "id" (expected rule and reason)',
    },
  ])('rejects a suppression with $name (exit 2)', async ({ metadata, message }) => {
    const file = bucketWithMetadata(metadata);
    const result = await cli(['scan', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `compliance-bot: ${file}:1: resource Site: Metadata.compliance-bot: ${message}\n`,
    );
  });
});
