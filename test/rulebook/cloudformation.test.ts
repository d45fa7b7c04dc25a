import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../functions/rulebook/errors';
import type {
  Ec2SecurityGroup,
  SecurityGroupRule,
} from '../../functions/rulebook/model/resources/ec2-security-group';
import { Unknown } from '../../functions/rulebook/model/unknown';
import { parseTemplate } from '../../functions/rulebook/normalizers/cloudformation/parse-template';
import {
  endsWithKnown,
  PartialString,
  ResourceReference,
  sameValue,
} from '../../functions/rulebook/normalizers/cloudformation/reference';
import {
  evaluateCondition,
  type ResolveContext,
  resolveValue,
} from '../../functions/rulebook/normalizers/cloudformation/resolve';
import { NORMALIZERS } from '../../functions/rulebook/normalizers/index';
import { normalizeTemplate } from '../../functions/rulebook/normalizers/load-template';
import type { ResourceNormalizer } from '../../functions/rulebook/normalizers/normalizer';

function resolveProps(yaml: string, parameters?: Record<string, string>): Record<string, unknown> {
  const template = parseTemplate(yaml, 'test.yaml');
  return resolveValue(template.Resources.R!.Properties, { template, parameters }) as Record<string, unknown>;
}

const HEADER = `
Parameters:
  Env: { Type: String }
  Fixed: { Type: String, AllowedValues: [only] }
Mappings:
  Sizes: { dev: { Memory: '256' } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
  Never: !Not [!Condition Always]
Resources:
  Vpc: { Type: AWS::EC2::VPC }
  R:
    Type: AWS::S3::Bucket
    Properties:
`;

describe('CloudFormation intrinsics', () => {
  it('resolves what is certain before deploy and marks the rest unknown', () => {
    const p = resolveProps(`${HEADER}
      Literal: plain
      Joined: !Join ['-', [a, b, c]]
      Split: !Select [1, !Split [',', 'x,y,z']]
      Mapped: !FindInMap [Sizes, dev, Memory]
      OnlyValue: !Ref Fixed
      Param: !Ref Env
      Import: !ImportValue shared-vpc
      Branch: !If [Always, yes, no]
      SameBranches: !If [IsProd, same, same]
      Unsure: !If [IsProd, a, b]
      Dropped: !Ref AWS::NoValue
      Escaped: !Sub 'keep \${!Literal}'
`);
    expect(p.Literal).toBe('plain');
    expect(p.Joined).toBe('a-b-c');
    expect(p.Split).toBe('y');
    expect(p.Mapped).toBe('256');
    expect(p.OnlyValue).toBe('only');
    expect(p.Param).toBeInstanceOf(Unknown);
    expect((p.Param as Unknown).reason).toBe('parameter Env is set at deploy time');
    expect(p.Import).toBeInstanceOf(Unknown);
    expect(p.Branch).toBe('yes');
    expect(p.SameBranches).toBe('same');
    expect((p.Unsure as Unknown).reason).toBe('depends on condition IsProd');
    expect('Dropped' in p).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub writes ${!Literal} to mean a literal ${Literal}
    expect(p.Escaped).toBe('keep ${Literal}');
  });

  it('uses parameter values the user gives as certain', () => {
    const p = resolveProps(
      `${HEADER}
      Param: !Ref Env
      Branch: !If [IsProd, big, small]
`,
      { Env: 'prod' },
    );
    expect(p.Param).toBe('prod');
    expect(p.Branch).toBe('big');
  });

  it('keeps references to other resources comparable', () => {
    const p = resolveProps(`${HEADER}
      A: !Ref Vpc
      B: !GetAtt Vpc.CidrBlock
      C: !Ref Vpc
`);
    expect(p.A).toBeInstanceOf(ResourceReference);
    expect(sameValue(p.A, p.C)).toBe(true);
    expect(sameValue(p.A, p.B)).toBe(false);
    expect(sameValue('x', new Unknown('hidden'))).toBeInstanceOf(Unknown);
  });

  it('keeps the certain parts of partly known strings', () => {
    const p = resolveProps(`${HEADER}
      Service: !Sub 'com.amazonaws.\${AWS::Region}.s3'
      Arn: !Join ['', ['arn:', !Ref AWS::Partition, ':s3:::bucket/*']]
`);
    expect(p.Service).toBeInstanceOf(PartialString);
    expect((p.Service as PartialString).knownSuffix).toBe('.s3');
    expect((p.Arn as PartialString).knownPrefix).toBe('arn:');
    expect(endsWithKnown(p.Service, '.s3')).toBe(true);
    expect(endsWithKnown(p.Service, '.dynamodb')).toBe(false);
    expect(endsWithKnown(new PartialString(['com.amazonaws.', new Unknown('region')]), '.s3')).toBeInstanceOf(
      Unknown,
    );
    expect(endsWithKnown('com.amazonaws.eu-west-1.dynamodb', '.s3')).toBe(false);
  });

  it.each([
    {
      name: 'Fn::Sub over a parameter not given',
      yaml: `!Sub 'logs-\${Env}'`,
      reason: 'Fn::Sub depends on parameter Env',
    },
    {
      name: 'Fn::Sub over a parameter, a pseudo parameter and a resource attribute',
      yaml: `!Sub '\${Env}-\${AWS::Region}-\${Vpc.CidrBlock}-\${Env}'`,
      reason: 'Fn::Sub depends on parameter Env, pseudo parameter AWS::Region, attribute Vpc.CidrBlock',
    },
    {
      name: 'Fn::Sub with a variable map naming a parameter',
      yaml: `!Sub ['arn:\${P}:s3:::b-\${Suffix}', { Suffix: !Ref Env, P: aws }]`,
      reason: 'Fn::Sub depends on parameter Env',
    },
    {
      name: 'Fn::Sub with a variable that is itself a partly known Fn::Join',
      yaml: `!Sub ['\${J}.s3', { J: !Join ['.', [com, !Ref AWS::Region]] }]`,
      reason: 'Fn::Sub depends on pseudo parameter AWS::Region',
    },
    {
      name: 'Fn::Join over a parameter and a resource',
      yaml: "!Join ['-', [!Ref Env, !Ref Vpc]]",
      reason: 'Fn::Join depends on parameter Env, resource Vpc',
    },
  ])('a partly known string names what made it unknown: $name', ({ yaml, reason }) => {
    // Act
    const p = resolveProps(`${HEADER}      X: ${yaml}\n`);
    // Assess
    expect(p.X).toBeInstanceOf(PartialString);
    expect((p.X as PartialString).reason).toBe(reason);
  });

  it('evaluates conditions, unknown when they depend on parameters', () => {
    const template = parseTemplate(HEADER + '      X: 1\n', 't.yaml');
    expect(evaluateCondition({ Condition: 'Always' }, { template })).toBe(true);
    expect(evaluateCondition({ Condition: 'Never' }, { template })).toBe(false);
    expect(evaluateCondition({ Condition: 'IsProd' }, { template })).toBeInstanceOf(Unknown);
    expect(
      evaluateCondition({ 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'Always' }] }, { template }),
    ).toBe(true);
    expect(
      evaluateCondition({ 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'Never' }] }, { template }),
    ).toBe(false);
  });
});

describe('template parsing', () => {
  it('records the line of each logical id for SARIF and table output', () => {
    const template = parseTemplate(`${HEADER}      X: 1\n`, 't.yaml');
    expect(template.lines).toEqual({ Vpc: 12, R: 13 });
  });

  it('takes the line of the resource key, not of an earlier property or value with the same name', () => {
    // Prepare: the policy's `Bucket: !Ref Bucket` comes before the Bucket resource itself
    const yaml = [
      'Resources:',
      '  Policy:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: !Ref Bucket',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '',
    ].join('\n');
    const json = [
      '{"Resources": {',
      '  "Policy": {"Type": "AWS::S3::BucketPolicy", "Properties": {',
      '    "Bucket": {"Ref": "Bucket"}}},',
      '  "Bucket": {"Type": "AWS::S3::Bucket"}',
      '}}',
    ].join('\n');
    // Act, Assess
    expect(parseTemplate(yaml, 't.yaml').lines).toEqual({ Policy: 2, Bucket: 6 });
    expect(parseTemplate(json, 't.json').lines).toEqual({ Policy: 2, Bucket: 4 });
  });

  it.each([
    ['JSON', '\uFEFF{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}'],
    ['YAML', '\uFEFFResources:\n  B:\n    Type: AWS::S3::Bucket\n'],
  ])('reads a %s template that starts with a UTF-8 byte order mark', (_form, text) => {
    const template = parseTemplate(text, 't');
    expect(Object.keys(template.Resources)).toEqual(['B']);
    expect(template.lines.B).toBe(text.startsWith('\uFEFF{') ? 1 : 2);
  });

  it.each([
    [
      'JSON',
      '{"Resources": {\n"B": {"Type": "AWS::EC2::SecurityGroup"},\n"B": {"Type": "AWS::S3::Bucket"}}}',
      /^t:3: duplicate key "B" in Resources/,
    ],
    [
      'JSON (nested, escaped)',
      '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"A": 1, "\\u0041": 2}}}}',
      /^t:1: duplicate key "A" in Resources\.B\.Properties/,
    ],
    [
      'YAML',
      'Resources:\n  B:\n    Type: AWS::EC2::SecurityGroup\n  B:\n    Type: AWS::S3::Bucket\n',
      /^t:4: duplicate key "B"/,
    ],
    [
      'YAML (nested in a flow map, quoted)',
      "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: { A: 1, 'A': 2 }\n",
      /^t:4: duplicate key "A"/,
    ],
    [
      'YAML (the first of two duplicates)',
      'Resources:\n  B:\n    Type: X\n    Type: Y\n  B:\n    Type: Z\n',
      /^t:4: duplicate key "Type"/,
    ],
  ])(
    'rejects a %s template with a duplicated key, naming it (CloudFormation rejects them too)',
    (_f, text, message) => {
      expect(() => parseTemplate(text, 't')).toThrow(TemplateError);
      expect(() => parseTemplate(text, 't')).toThrow(message);
    },
  );

  it.each([
    ['broken YAML', 'Resources:\n  A: [unclosed\n', /t\.yaml:\d+: not valid YAML/],
    ['broken JSON', '{"Resources": ', /t\.yaml: not valid JSON/],
    ['no Resources', 'AWSTemplateFormatVersion: "2010-09-09"\n', /no "Resources" section/],
    ['a resource without Type', 'Resources:\n  A:\n    Properties: {}\n', /resource A has no "Type"/],
    ['not an object', '- a\n- b\n', /must be an object/],
  ])('rejects %s with a TemplateError naming the file', (_name, text, message) => {
    expect(() => parseTemplate(text, 't.yaml')).toThrow(TemplateError);
    expect(() => parseTemplate(text, 't.yaml')).toThrow(message);
  });
});

describe('resource conditions', () => {
  const TEMPLATE = `
Parameters:
  Env: { Type: String, Default: prod }
  Zone: { Type: String }
Conditions:
  Never: !Equals [a, b]
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  InZoneA: !Equals [!Ref Zone, a]
Resources:
  Always: { Type: AWS::S3::Bucket }
  NeverBucket: { Type: AWS::S3::Bucket, Condition: Never }
  ProdBucket: { Type: AWS::S3::Bucket, Condition: IsProd }
  DevBucket: { Type: AWS::S3::Bucket, Condition: IsDev }
  ZoneBucket: { Type: AWS::S3::Bucket, Condition: InZoneA }
`;

  it('skips a resource whose condition is false and notes one created only if it holds on its location', () => {
    // Act
    const template = normalizeTemplate(TEMPLATE, 't.yaml');
    // Assess: ProdBucket is created with the default Env, but a deploy can set Env: still "only if"
    expect(template.resources.map((r) => [r.id, r.location?.condition])).toEqual([
      ['Always', undefined],
      ['ProdBucket', 'IsProd'],
      ['ZoneBucket', 'InZoneA'],
    ]);
    expect(template.skipped).toEqual([
      { logicalId: 'NeverBucket', type: 'AWS::S3::Bucket', condition: 'Never' },
      {
        logicalId: 'DevBucket',
        type: 'AWS::S3::Bucket',
        condition: 'IsDev',
        defaults: [{ parameter: 'Env', value: 'prod' }],
      },
    ]);
    expect(template.defaults?.used).toEqual([{ parameter: 'Env', value: 'prod' }]);
  });

  it('decides the condition from the parameters given', () => {
    const dev = normalizeTemplate(TEMPLATE, 't.yaml', { parameters: { Env: 'dev', Zone: 'b' } });
    expect(dev.resources.map((r) => r.id)).toEqual(['Always', 'DevBucket']);
    expect(dev.skipped.map((s) => s.logicalId)).toEqual(['NeverBucket', 'ProdBucket', 'ZoneBucket']);
    expect(dev.defaults).toBeUndefined();
    const prod = normalizeTemplate(TEMPLATE, 't.yaml', { parameters: { Env: 'prod', Zone: 'a' } });
    expect(prod.resources.map((r) => [r.id, r.location?.condition])).toEqual([
      ['Always', undefined],
      ['ProdBucket', undefined],
      ['ZoneBucket', undefined],
    ]);
  });
});

describe('parameter defaults', () => {
  const PARAMETERS = `
Parameters:
  Cidr: { Type: String, Default: 0.0.0.0/0 }
  Port: { Type: Number, Default: 22 }
  Subnets: { Type: CommaDelimitedList, Default: 'subnet-1, subnet-2,subnet-3' }
  SubnetIds: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-a,subnet-b' }
  Image: { Type: 'AWS::EC2::Image::Id', Default: ami-123 }
  Latest: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/service/ami }
  Password: { Type: String, NoEcho: true, Default: hunter2 }
  Env: { Type: String, Default: prod }
  Bare: { Type: String }
  Odd: { Type: String, Default: { Nested: x } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  R:
    Type: AWS::S3::Bucket
    Properties:
`;

  /** One property `X` resolved; the parameters whose Default was used. */
  function resolveX(yaml: string, extra: Partial<ResolveContext> = {}) {
    const template = parseTemplate(`${PARAMETERS}      X: ${yaml}\n`, 't.yaml');
    const defaultsUsed = new Set<string>();
    const value = resolveValue(template.Resources.R!.Properties, { template, defaultsUsed, ...extra }) as {
      X: unknown;
    };
    return { value: value.X, used: [...defaultsUsed] };
  }

  it.each([
    { name: 'String', yaml: '!Ref Cidr', value: '0.0.0.0/0', used: ['Cidr'] },
    { name: 'Number (Ref yields a string)', yaml: '!Ref Port', value: '22', used: ['Port'] },
    {
      name: 'CommaDelimitedList (a list of trimmed strings)',
      yaml: '!Ref Subnets',
      value: ['subnet-1', 'subnet-2', 'subnet-3'],
      used: ['Subnets'],
    },
    { name: 'List<...>', yaml: '!Ref SubnetIds', value: ['subnet-a', 'subnet-b'], used: ['SubnetIds'] },
    { name: 'an AWS-specific type', yaml: '!Ref Image', value: 'ami-123', used: ['Image'] },
    { name: 'NoEcho (used, never shown)', yaml: '!Ref Password', value: 'hunter2', used: ['Password'] },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub variables are the test data
    { name: 'in Fn::Sub', yaml: "!Sub '${Cidr}:${Port}'", value: '0.0.0.0/0:22', used: ['Cidr', 'Port'] },
    {
      name: 'in Fn::Select over a list',
      yaml: '!Select [1, !Ref Subnets]',
      value: 'subnet-2',
      used: ['Subnets'],
    },
    { name: 'in Fn::If on a condition', yaml: '!If [IsProd, big, small]', value: 'big', used: ['Env'] },
  ])('a Ref to a parameter not given takes its Default: $name', ({ yaml, value, used }) => {
    // Act
    const resolved = resolveX(yaml);
    // Assess
    expect(resolved.value).toEqual(value);
    expect(resolved.used).toEqual(used);
  });

  it.each([
    {
      name: 'an SSM parameter type (the Default names the SSM parameter)',
      yaml: '!Ref Latest',
      reason: 'parameter Latest is read from SSM parameter "/aws/service/ami" at deploy time',
    },
    {
      name: 'a parameter without Default',
      yaml: '!Ref Bare',
      reason: 'parameter Bare is set at deploy time',
    },
    {
      name: 'a Default that is not a string',
      yaml: '!Ref Odd',
      reason: 'parameter Odd has a value that is not a string',
    },
  ])('stays unknown: $name', ({ yaml, reason }) => {
    // Act
    const resolved = resolveX(yaml);
    // Assess
    expect(resolved.value).toBeInstanceOf(Unknown);
    expect((resolved.value as Unknown).reason).toBe(reason);
    expect(resolved.used).toEqual([]);
  });

  it.each<{ name: string; yaml: string; given: Record<string, string>; value: unknown }>([
    { name: 'String', yaml: '!Ref Cidr', given: { Cidr: '10.0.0.0/8' }, value: '10.0.0.0/8' },
    { name: 'CommaDelimitedList', yaml: '!Ref Subnets', given: { Subnets: 'x, y' }, value: ['x', 'y'] },
  ])('a value given with --parameter overrides the Default: $name', ({ yaml, given, value }) => {
    const resolved = resolveX(yaml, { parameters: given });
    expect(resolved.value).toEqual(value);
    expect(resolved.used).toEqual([]);
  });

  it('a value given for an SSM parameter type names the SSM parameter: still unknown', () => {
    const resolved = resolveX('!Ref Latest', { parameters: { Latest: '/my/ami' } });
    expect((resolved.value as Unknown).reason).toBe(
      'parameter Latest is read from SSM parameter "/my/ami" at deploy time',
    );
  });

  it('resolves without the defaults withheld, and never shows a NoEcho default in the reason', () => {
    const some = resolveX("!Join [',', [!Ref Cidr, !Ref Port]]", { withoutDefaults: new Set(['Cidr']) });
    expect((some.value as Unknown).reason).toBe('Fn::Join depends on parameter Cidr (default "0.0.0.0/0")');
    expect(some.used).toEqual(['Port']);
    const all = resolveX('!Ref Password', { withoutDefaults: true });
    expect((all.value as Unknown).reason).toBe('parameter Password is set at deploy time');
    expect(all.used).toEqual([]);
  });

  it('decides a condition with a default and records it', () => {
    const template = parseTemplate(`${PARAMETERS}      X: 1\n`, 't.yaml');
    const defaultsUsed = new Set<string>();
    expect(evaluateCondition({ Condition: 'IsProd' }, { template, defaultsUsed })).toBe(true);
    expect([...defaultsUsed]).toEqual(['Env']);
    expect(evaluateCondition({ Condition: 'IsProd' }, { template, withoutDefaults: true })).toBeInstanceOf(
      Unknown,
    );
  });

  it('records the defaults each model was built with, through the resources its normalizer read', () => {
    // Prepare: the group's ingress rule is a separate resource whose CIDR has a default
    const text = JSON.stringify({
      Parameters: {
        Cidr: { Type: 'String', Default: '0.0.0.0/0' },
        Env: { Type: 'String', Default: 'prod' },
        Secret: { Type: 'String', NoEcho: 'true', Default: 's3cr3t' },
      },
      Resources: {
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: 'vpc-1' } },
        Ingress: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: {
            GroupId: { Ref: 'Sg' },
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            CidrIp: { Ref: 'Cidr' },
          },
        },
        Bucket: {
          Type: 'AWS::S3::Bucket',
          Properties: { Tags: [{ Key: 'Environment', Value: { Ref: 'Env' } }] },
        },
        Plain: { Type: 'AWS::S3::Bucket' },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Environment: { Variables: { API_TOKEN: { Ref: 'Secret' } } } },
        },
      },
    });
    // Act
    const { resources, defaults } = normalizeTemplate(text, 't.json');
    const byId = (id: string) => resources.find((r) => r.id === id)!;
    // Assess
    expect(defaults!.used).toEqual([
      { parameter: 'Cidr', value: '0.0.0.0/0' },
      { parameter: 'Env', value: 'prod' },
      { parameter: 'Secret', noEcho: true },
    ]);
    expect(defaults!.usedBy(byId('Sg'))).toEqual(['Cidr']);
    expect(defaults!.usedBy(byId('Bucket'))).toEqual(['Env']);
    expect(defaults!.usedBy(byId('Plain'))).toBeUndefined();
    expect(defaults!.secretValues('Secret')).toEqual(['s3cr3t']);
    expect(defaults!.secretValues('Env')).toEqual([]);
    const rebuilt = defaults!.rebuild(byId('Sg'), ['Cidr']) as Ec2SecurityGroup;
    expect((rebuilt.ingress as SecurityGroupRule[])[0]!.cidr).toBeInstanceOf(Unknown);
    expect(((byId('Sg') as Ec2SecurityGroup).ingress as SecurityGroupRule[])[0]!.cidr).toBe('0.0.0.0/0');
  });
});

describe('types read into another resource', () => {
  it('are not listed as unsupported: a bucket policy, standalone SG rules, routes', () => {
    // Prepare
    const template = `
Resources:
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: x } }
  Ing: { Type: AWS::EC2::SecurityGroupIngress, Properties: { GroupId: !GetAtt Sg.GroupId, IpProtocol: '-1', CidrIp: 10.0.0.0/8 } }
  Egr: { Type: AWS::EC2::SecurityGroupEgress, Properties: { GroupId: !Ref Sg, IpProtocol: '-1', CidrIp: 10.0.0.0/8 } }
  B: { Type: AWS::S3::Bucket }
  BP: { Type: AWS::S3::BucketPolicy, Properties: { Bucket: !Ref B, PolicyDocument: { Statement: [] } } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: vpc-1 } }
  R: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0 } }
  A: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { RouteTableId: !Ref Rt, SubnetId: subnet-1 } }
  W: { Type: AWS::Athena::WorkGroup }
`;
    // Act
    const normalized = normalizeTemplate(template, 't.yaml');
    // Assess
    expect(normalized.unsupported).toEqual([{ logicalId: 'W', type: 'AWS::Athena::WorkGroup' }]);
  });

  it('are declared by the normalizer whose code reads them (readsTypes), so the list cannot drift', () => {
    const dir = join(__dirname, '../../functions/rulebook/normalizers/resources');
    for (const normalizer of NORMALIZERS as readonly ResourceNormalizer[]) {
      const file = readdirSync(dir).find((f) =>
        readFileSync(join(dir, f), 'utf8').includes(`resourceType: '${normalizer.resourceType}'`),
      )!;
      const source = readFileSync(join(dir, file), 'utf8');
      const read = [
        ...source.matchAll(/(?:referencing|ofType)\(\s*'([^']+)'|\.type !== '([^']+)'\) continue/g),
      ]
        .map((m) => m[1] ?? m[2]!)
        .filter((type) => !NORMALIZERS.some((n) => n.resourceType === type));
      expect([...new Set(read)].sort(), file).toEqual([...(normalizer.readsTypes ?? [])].sort());
    }
  });
});
