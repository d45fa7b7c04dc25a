import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Finding, ParameterDefault } from '../../functions/rulebook/model/finding';
import type { AnyRule } from '../../functions/rulebook/rule';
import tagsValuesKebabCase from '../../functions/rulebook/rules/operational-excellence/tags-values-kebab-case';
import sgNoWorldIngress from '../../functions/rulebook/rules/security/ec2-security-group-no-world-ingress';
import noPlaintextSecrets from '../../functions/rulebook/rules/security/no-plaintext-secrets-in-template';
import rdsStorageEncrypted from '../../functions/rulebook/rules/security/rds-storage-encrypted';
import s3BlocksPublicAccess from '../../functions/rulebook/rules/security/s3-bucket-blocks-public-access';
import { sarifProblems } from './sarif-check';
import { CLI_FIXTURES, cli, json, scratch } from './support';

/** The rules these templates exercise: exact counts must not move when rules are added. */
const RULES = [sgNoWorldIngress, noPlaintextSecrets, rdsStorageEncrypted, s3BlocksPublicAccess] as AnyRule[];
const FIXTURE = `${CLI_FIXTURES}/parameter-defaults.yaml`;

type Output = {
  findings: Finding[];
  suppressed: Finding[];
  summary: {
    unknown: Array<{ ruleId: string; severity: string; message: string; parameterDefaults?: unknown }>;
    parameterDefaults: Array<ParameterDefault & { file: string }>;
    skippedByCondition: Array<{ id: string; defaults?: ParameterDefault[] }>;
    failOnUnknown: boolean;
    failed: boolean;
    errors: Array<{ message: string }>;
  };
};

/** A security group whose SSH rule takes its CIDR (and maybe its port) from parameters. */
function securityGroup(
  form: 'yaml' | 'json',
  parameters: Record<string, unknown>,
  port: unknown = 22,
): Record<string, string | object> {
  const ref = (name: string) => (form === 'yaml' ? `!Ref ${name}` : { Ref: name });
  const portValue = typeof port === 'string' && port.startsWith('Ref:') ? ref(port.slice(4)) : port;
  const ingress = { IpProtocol: 'tcp', FromPort: portValue, ToPort: portValue, CidrIp: ref('AllowedCidr') };
  const body = {
    Parameters: parameters,
    Resources: {
      Bastion: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'ssh', VpcId: 'vpc-1', SecurityGroupIngress: [ingress] },
      },
    },
  };
  if (form === 'json') return { 't.json': body };
  // YAML with short-form intrinsics: the `!Ref X` strings are written unquoted.
  return { 't.yaml': stringify(body).replace(/"(!Ref [A-Za-z]+)"/g, '$1') };
}

async function scan(files: Record<string, string | object>, ...args: string[]) {
  const dir = scratch(files);
  const name = Object.keys(files)[0]!;
  return cli(['scan', `${dir}/${name}`, '-f', 'json', ...args], { rules: RULES });
}

describe('scan: a Ref to a parameter with a Default is checked against the default', () => {
  it.each([
    { form: 'yaml' as const, name: 'YAML, !Ref' },
    { form: 'json' as const, name: 'JSON, {"Ref": ...}' },
  ])('$name: a CIDR that defaults to the world fails and says it is the default', async ({ form }) => {
    // Act
    const result = await scan(securityGroup(form, { AllowedCidr: { Type: 'String', Default: '0.0.0.0/0' } }));
    // Assess
    const out = json<Output>(result.stdout);
    expect(result.code).toBe(1);
    expect(out.findings.map((f) => [f.ruleId, f.parameterDefaults])).toEqual([
      ['ec2-security-group-no-world-ingress', [{ parameter: 'AllowedCidr', value: '0.0.0.0/0' }]],
    ]);
    expect(out.summary.parameterDefaults).toEqual([
      expect.objectContaining({ parameter: 'AllowedCidr', value: '0.0.0.0/0' }),
    ]);
  });

  it.each([
    {
      name: 'a default private range passes',
      parameters: { AllowedCidr: { Type: 'String', Default: '10.0.0.0/8' } },
      args: [],
      code: 0,
      findings: [],
      unknown: [],
    },
    {
      name: '--parameter overrides the default',
      parameters: { AllowedCidr: { Type: 'String', Default: '0.0.0.0/0' } },
      args: ['-p', 'AllowedCidr=10.0.0.0/8'],
      code: 0,
      findings: [],
      unknown: [],
    },
    {
      name: '--parameter can also open what the default closes',
      parameters: { AllowedCidr: { Type: 'String', Default: '10.0.0.0/8' } },
      args: ['--parameter', 'AllowedCidr=0.0.0.0/0'],
      code: 1,
      findings: [['ec2-security-group-no-world-ingress', undefined]],
      unknown: [],
    },
    {
      name: 'no Default: unknown, as before',
      parameters: { AllowedCidr: { Type: 'String' } },
      args: [],
      code: 0,
      findings: [],
      unknown: ['ec2-security-group-no-world-ingress'],
    },
    {
      name: 'an SSM parameter type stays unknown: its Default names the SSM parameter',
      parameters: { AllowedCidr: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/net/cidr' } },
      args: [],
      code: 0,
      findings: [],
      unknown: ['ec2-security-group-no-world-ingress'],
    },
  ])('$name', async ({ parameters, args, code, findings, unknown }) => {
    // Act
    const result = await scan(securityGroup('yaml', parameters), ...args);
    // Assess
    const out = json<Output>(result.stdout);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(code);
    expect(out.findings.map((f) => [f.ruleId, f.parameterDefaults])).toEqual(findings);
    expect(out.summary.unknown.map((u) => u.ruleId)).toEqual(unknown);
  });

  it('names each default a result depends on, and only those: a Number port and a CIDR', async () => {
    // Prepare
    const parameters = {
      AllowedCidr: { Type: 'String', Default: '0.0.0.0/0' },
      SshPort: { Type: 'Number', Default: 22 },
    };
    // Act
    const out = json<Output>((await scan(securityGroup('yaml', parameters, 'Ref:SshPort'))).stdout);
    // Assess
    expect(out.findings[0]!.message).toBe(
      '1 ingress rule(s) open to the internet: tcp port 22 from 0.0.0.0/0',
    );
    expect(out.findings[0]!.parameterDefaults).toEqual([
      { parameter: 'AllowedCidr', value: '0.0.0.0/0' },
      { parameter: 'SshPort', value: '22' },
    ]);
  });

  it('leaves out a default the result does not depend on (a tag value on the same group)', async () => {
    const dir = scratch({
      't.yaml': `Parameters:
  Env: { Type: String, Default: prod }
  AllowedCidr: { Type: String, Default: 0.0.0.0/0 }
Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AllowedCidr }
      Tags: [{ Key: Environment, Value: !Ref Env }]
`,
    });
    const out = json<Output>((await cli(['scan', `${dir}/t.yaml`, '-f', 'json'], { rules: RULES })).stdout);
    expect(out.findings.map((f) => [f.ruleId, f.parameterDefaults])).toEqual([
      ['ec2-security-group-no-world-ingress', [{ parameter: 'AllowedCidr', value: '0.0.0.0/0' }]],
    ]);
    expect(out.summary.parameterDefaults.map((d) => d.parameter)).toEqual(['Env', 'AllowedCidr']);
  });

  it('takes an element of a CommaDelimitedList default', async () => {
    const dir = scratch({
      't.yaml': `Parameters:
  Cidrs: { Type: CommaDelimitedList, Default: '10.0.0.0/8, 0.0.0.0/0' }
Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Select [1, !Ref Cidrs] }
`,
    });
    const out = json<Output>((await cli(['scan', `${dir}/t.yaml`, '-f', 'json'], { rules: RULES })).stdout);
    expect(out.findings.map((f) => f.parameterDefaults)).toEqual([
      [{ parameter: 'Cidrs', value: '10.0.0.0/8, 0.0.0.0/0' }],
    ]);
  });

  it('a resource not created with the default Condition is left out, naming the default', async () => {
    const dir = scratch({
      't.yaml': `Parameters:
  Env: { Type: String, Default: prod }
Conditions:
  IsDev: !Not [!Equals [!Ref Env, prod]]
Resources:
  DevBucket:
    Type: AWS::S3::Bucket
    Condition: IsDev
    Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: false } }
`,
    });
    const out = json<Output>((await cli(['scan', `${dir}/t.yaml`, '-f', 'json'], { rules: RULES })).stdout);
    expect(out.findings).toEqual([]);
    expect(out.summary.skippedByCondition).toEqual([
      expect.objectContaining({ id: 'DevBucket', defaults: [{ parameter: 'Env', value: 'prod' }] }),
    ]);
    const dev = json<Output>(
      (await cli(['scan', `${dir}/t.yaml`, '-f', 'json', '-p', 'Env=dev'], { rules: RULES })).stdout,
    );
    expect(dev.findings.map((f) => [f.ruleId, f.parameterDefaults])).toEqual([
      ['s3-bucket-blocks-public-access', undefined],
    ]);
  });
});

describe('scan: the parameter defaults in every output format (fixture parameter-defaults.yaml)', () => {
  it('table: the note after the message, the defaults used, and the NoEcho value never shown', async () => {
    const result = await cli(['scan', FIXTURE], { rules: RULES, columns: 240 });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('tcp port 22 from 0.0.0.0/0 (AllowedCidr defaults to 0.0.0.0/0)');
    expect(result.stdout).toContain(
      'Property MasterUserPassword holds a literal secret (DbPassword defaults to ****)',
    );
    expect(result.stdout).toContain(
      `Parameter defaults used, as no --parameter set them (a deploy can set others): ${FIXTURE}: AllowedCidr=0.0.0.0/0, DbPassword=**** (NoEcho)`,
    );
    expect(result.stdout).not.toContain('change-me-please');
  });

  it('json: parameterDefaults on the finding and in the summary, no NoEcho value', async () => {
    const { stdout } = await cli(['scan', FIXTURE, '-f', 'json'], { rules: RULES });
    const out = json<Output>(stdout);
    expect(out.findings.map((f) => [f.ruleId, f.message, f.parameterDefaults])).toEqual([
      [
        'ec2-security-group-no-world-ingress',
        '1 ingress rule(s) open to the internet: tcp port 22 from 0.0.0.0/0',
        [{ parameter: 'AllowedCidr', value: '0.0.0.0/0' }],
      ],
      [
        'no-plaintext-secrets-in-template',
        'Property MasterUserPassword holds a literal secret',
        [{ parameter: 'DbPassword', noEcho: true }],
      ],
    ]);
    expect(out.summary.parameterDefaults).toEqual([
      { file: FIXTURE, parameter: 'AllowedCidr', value: '0.0.0.0/0' },
      { file: FIXTURE, parameter: 'DbPassword', noEcho: true },
    ]);
    expect(stdout).not.toContain('change-me-please');
  });

  it('sarif: the note in the message and properties.parameterDefaults; valid SARIF', async () => {
    const { stdout } = await cli(['scan', FIXTURE, '-f', 'sarif'], { rules: RULES });
    const log = json<Log>(stdout);
    expect(sarifProblems(log)).toEqual([]);
    const results = log.runs[0]!.results!;
    expect(results.map((r) => [r.message.text, r.properties?.parameterDefaults])).toEqual([
      [
        '1 ingress rule(s) open to the internet: tcp port 22 from 0.0.0.0/0 (AWS::EC2::SecurityGroup BastionSecurityGroup, AllowedCidr defaults to 0.0.0.0/0)',
        { AllowedCidr: '0.0.0.0/0' },
      ],
      [
        'Property MasterUserPassword holds a literal secret (AWS::RDS::DBInstance Database, DbPassword defaults to ****)',
        { DbPassword: '****' },
      ],
    ]);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'note',
        message: { text: expect.stringContaining('AllowedCidr=0.0.0.0/0') },
      }),
    ]);
    expect(stdout).not.toContain('change-me-please');
  });

  it('markdown: the note in the gap and the risk, and a section listing the defaults', async () => {
    const { stdout } = await cli(['scan', FIXTURE, '-f', 'markdown'], { rules: RULES });
    expect(stdout).toContain('0.0.0.0/0 (AllowedCidr defaults to 0.0.0.0/0) |');
    expect(stdout).toMatch(
      /^- \*\*critical\*\* .*BastionSecurityGroup.*\(AllowedCidr defaults to 0\.0\.0\.0\/0\)$/m,
    );
    expect(stdout).toContain(`## Parameter defaults used\n\n`);
    expect(stdout).toContain(`- ${FIXTURE}: AllowedCidr=0.0.0.0/0, DbPassword=**** (NoEcho)`);
    expect(stdout).not.toContain('change-me-please');
  });

  it('a cdk.out folder uses no default (BootstrapVersion is an SSM parameter): nothing new is said', async () => {
    const { stdout } = await cli(['scan', `${CLI_FIXTURES}/sample-cdk-out`, '-f', 'json'], {
      rules: 'registry',
    });
    const out = json<Output>(stdout);
    expect(out.summary.parameterDefaults).toEqual([]);
    expect(out.findings.filter((f) => f.parameterDefaults)).toEqual([]);
    const table = await cli(['scan', `${CLI_FIXTURES}/sample-cdk-out`], { rules: 'registry' });
    expect(table.stdout).not.toContain('Parameter defaults');
  });
});

describe('scan: --parameter values are checked against the template', () => {
  it.each([
    {
      name: 'a misspelled name: did you mean',
      args: ['-p', 'AllowedCird=10.0.0.0/8'],
      stderr: `compliance-bot: ${FIXTURE}: --parameter AllowedCird: the template has no parameter "AllowedCird" (did you mean "AllowedCidr"?); its parameters: AllowedCidr, DbPassword, StorageEncrypted\n`,
    },
  ])('$name', async ({ args, stderr }) => {
    const result = await cli(['scan', FIXTURE, ...args], { rules: RULES });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
  });

  it('a value outside AllowedValues is an input error naming them, the NoEcho value hidden', async () => {
    // Prepare
    const dir = scratch({
      't.yaml': `Parameters:
  Flag: { Type: String, AllowedValues: ['true', 'false'], Default: 'true' }
  Pin: { Type: String, NoEcho: true, AllowedValues: ['1234'] }
Resources:
  B: { Type: AWS::S3::Bucket, Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: !Ref Flag } } }
`,
    });
    // Act
    const result = await cli(['scan', `${dir}/t.yaml`, '-p', 'Flag=yes', '-p', 'Pin=9999'], { rules: RULES });
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `compliance-bot: ${dir}/t.yaml: --parameter Flag=yes: not one of the parameter's AllowedValues (true, false); CloudFormation rejects it\n` +
        `compliance-bot: ${dir}/t.yaml: --parameter Pin=****: not one of the parameter's AllowedValues (1234); CloudFormation rejects it\n`,
    );
  });
});

describe('scan: --parameter values CloudFormation rejects for their Type or constraints', () => {
  const TEMPLATE = `Parameters:
  Port: { Type: Number, Default: 22, MinValue: 1, MaxValue: 65535 }
  Ports: { Type: 'List<Number>', Default: '22,3389' }
  Cidr: { Type: String, Default: 10.0.0.0/8, AllowedPattern: '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})' }
  Name: { Type: String, Default: app, MinLength: 2, MaxLength: 8 }
  Names: { Type: CommaDelimitedList, Default: 'a,b', AllowedPattern: '[a-z]+' }
  Pin: { Type: Number, NoEcho: true, Default: 1234 }
  Vpc: { Type: 'AWS::EC2::VPC::Id', Default: vpc-1 }
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub '\${Name} \${Vpc}'
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: !Ref Cidr }
        - { IpProtocol: tcp, FromPort: !Select [0, !Ref Ports], ToPort: !Select [0, !Ref Ports], CidrIp: !Ref Cidr }
`;
  it.each([
    { given: 'Port=2222x', error: "Port=2222x: not a number (the parameter's Type is Number)" },
    { given: 'Port=abc', error: "Port=abc: not a number (the parameter's Type is Number)" },
    { given: 'Port=', error: "Port=: not a number (the parameter's Type is Number)" },
    { given: 'Port=0', error: "Port=0: less than the parameter's MinValue 1" },
    { given: 'Port=70000', error: "Port=70000: more than the parameter's MaxValue 65535" },
    {
      given: 'Ports=22,x',
      error: 'Ports=22,x: item "x" is not a number (the parameter\'s Type is List<Number>)',
    },
    { given: 'Cidr=anywhere', error: "Cidr=anywhere: does not match the parameter's AllowedPattern" },
    { given: 'Name=a', error: "Name=a: shorter than the parameter's MinLength 2" },
    { given: 'Name=much-too-long', error: "Name=much-too-long: longer than the parameter's MaxLength 8" },
    { given: 'Names=a,B', error: "Names=a,B: does not match the parameter's AllowedPattern [a-z]+" },
    { given: 'Pin=12a4', error: "Pin=****: not a number (the parameter's Type is Number)" },
  ])('--parameter $given is an input error (exit 2)', async ({ given, error }) => {
    // Act
    const result = await scan({ 't.yaml': TEMPLATE }, '-p', given);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--parameter ${error}`);
    expect(result.stderr).toContain('CloudFormation rejects it');
    expect(result.stderr).not.toContain('12a4');
  });

  it.each([
    'Port=2222',
    'Port=22.0',
    'Ports=22, 443',
    'Cidr=10.1.0.0/16',
    'Name=web',
    'Names=a,b,c',
    'Pin=9999',
    'Vpc=not-checked-offline',
  ])('--parameter %s is taken', async (given) => {
    // Act
    const result = await scan({ 't.yaml': TEMPLATE }, '-p', given);
    // Assess
    expect(result.stderr).toBe('');
    expect(json<Output>(result.stdout).summary.errors).toEqual([]);
  });
});

describe('scan --fail-on-unknown', () => {
  /** A database whose encryption flag is an SSM parameter (unknown, high) and nothing else failing. */
  const SSM_ONLY = ['-p', 'AllowedCidr=10.20.0.0/16', '-p', 'DbPassword={{resolve:ssm-secure:/db/password}}'];

  it.each([
    { name: 'unknown checks do not fail the run by default', args: [], code: 0, failed: false },
    {
      name: 'with --fail-on-unknown an unknown high check fails it',
      args: ['--fail-on-unknown'],
      code: 1,
      failed: true,
    },
    {
      name: 'but not one below --fail-on',
      args: ['--fail-on-unknown', '--fail-on', 'critical'],
      code: 0,
      failed: false,
    },
  ])('$name', async ({ args, code, failed }) => {
    // Act
    const result = await cli(['scan', FIXTURE, ...SSM_ONLY, '-f', 'json', ...args], { rules: RULES });
    // Assess
    const out = json<Output>(result.stdout);
    expect(result.code).toBe(code);
    expect(out.findings).toEqual([]);
    expect(out.summary.unknown.map((u) => [u.ruleId, u.severity])).toEqual([
      ['rds-storage-encrypted', 'high'],
    ]);
    expect(out.summary.failOnUnknown).toBe(args.includes('--fail-on-unknown'));
    expect(out.summary.failed).toBe(failed);
  });

  it.each([
    {
      name: 'SSH from a CIDR set at deploy time: critical',
      port: 22,
      failOn: 'critical',
      code: 1,
      severity: 'critical',
    },
    {
      name: '443 from a CIDR set at deploy time: high at worst',
      port: 443,
      failOn: 'critical',
      code: 0,
      severity: 'high',
    },
    { name: 'the same at --fail-on high', port: 443, failOn: 'high', code: 1, severity: 'high' },
  ])(
    'an unknown check has the most severe severity its finding could have: $name',
    async ({ port, failOn, code, severity }) => {
      // Prepare: the CIDR parameter has no Default, so only a deploy knows it
      const files = securityGroup('yaml', { AllowedCidr: { Type: 'String' } }, port);
      // Act
      const result = await scan(files, '--fail-on', failOn, '--fail-on-unknown');
      // Assess
      const out = json<Output>(result.stdout);
      expect(out.summary.unknown.map((u) => [u.ruleId, u.severity])).toEqual([
        ['ec2-security-group-no-world-ingress', severity],
      ]);
      expect(result.code).toBe(code);
    },
  );

  it('the table says whether unknown checks count, and why the run failed', async () => {
    const off = await cli(['scan', FIXTURE, ...SSM_ONLY], { rules: RULES, columns: 200 });
    expect(off.stdout).toContain(
      'Unknown (1): the scanner cannot tell, check these by hand; not counted for --fail-on (--fail-on-unknown counts them)',
    );
    expect(off.stdout).toContain('  ? high rds-storage-encrypted  AWS::RDS::DBInstance Database');
    const on = await cli(['scan', FIXTURE, ...SSM_ONLY, '--fail-on-unknown'], { rules: RULES, columns: 200 });
    expect(on.stdout).toContain('those at or above high fail the run (--fail-on-unknown)');
    expect(on.stdout).toContain('1 unknown checks (1 at or above high: --fail-on-unknown) on 2 resources');
  });

  it('an unknown check accepted in the template does not fail the run', async () => {
    const dir = scratch({
      't.yaml': `Parameters:
  Cidr: { Type: String }
Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      compliance-bot:
        suppressions:
          - rule: ec2-security-group-no-world-ingress
            reason: The bastion's CIDR is reviewed at every deploy by the network team (NET-12)
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr }
`,
    });
    const result = await cli(['scan', `${dir}/t.yaml`, '-f', 'json', '--fail-on-unknown'], { rules: RULES });
    const out = json<Output>(result.stdout);
    expect(result.code).toBe(0);
    expect(out.summary.unknown).toEqual([
      expect.objectContaining({
        ruleId: 'ec2-security-group-no-world-ingress',
        suppression: { kind: 'inSource', reason: expect.stringContaining('NET-12') },
      }),
    ]);
  });

  it('evaluate takes the option too', async () => {
    const result = await cli([
      'evaluate',
      'test/fixtures/events/config-ci-oversized.json',
      '--fail-on-unknown',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('scan: a NoEcho parameter value is never shown (fixture noecho-tag.yaml)', () => {
  const NOECHO = `${CLI_FIXTURES}/noecho-tag.yaml`;
  const KEBAB = [tagsValuesKebabCase, s3BlocksPublicAccess] as AnyRule[];

  it.each(
    ['table', 'markdown', 'sarif', 'json'].flatMap((format) => [
      { format, from: 'the Default', given: [] as string[], secret: 'Hunter_2!' },
      { format, from: '--parameter', given: ['-p', 'Secret=Real_Pw!'], secret: 'Real_Pw!' },
    ]),
  )('$format, value from $from: masked as ****', async ({ format, given, secret }) => {
    // Act
    const result = await cli(['scan', NOECHO, '-f', format, '--fail-on', 'low', ...given], {
      rules: KEBAB,
      columns: 200,
    });
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('CostCenter=');
    expect(result.stdout).toContain('****');
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout).not.toContain('Hunter_2');
    expect(result.stderr).not.toContain(secret);
  });

  it('json: message, evidence and resource name masked; no parameterDefaults for a given value', async () => {
    // Act
    const result = await cli(['scan', NOECHO, '-f', 'json', '-p', 'Secret=Real_Pw!'], { rules: KEBAB });
    // Assess
    const out = json<Output>(result.stdout);
    const finding = out.findings.find((f) => f.ruleId === 'tags-values-kebab-case')!;
    expect(finding.message).toBe('Tag value not in kebab-case: CostCenter="****"');
    expect(finding.evidence).toEqual({ values: { CostCenter: '****' } });
    expect(finding.parameterDefaults).toBeUndefined();
    expect(finding.resource.name).toBe('archive-****');
    expect(out.summary.parameterDefaults).toEqual([]);
  });
});
