import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../functions/rulebook/errors';
import { Unknown } from '../../functions/rulebook/model/unknown';
import { parseTemplate } from '../../functions/rulebook/normalizers/cloudformation/parse-template';
import {
  endsWithKnown,
  PartialString,
  ResourceReference,
  sameValue,
} from '../../functions/rulebook/normalizers/cloudformation/reference';
import { evaluateCondition, resolveValue } from '../../functions/rulebook/normalizers/cloudformation/resolve';
import { NORMALIZERS } from '../../functions/rulebook/normalizers/index';
import { normalizeTemplate } from '../../functions/rulebook/normalizers/load-template';
import type { ResourceNormalizer } from '../../functions/rulebook/normalizers/normalizer';

function resolveProps(yaml: string, parameters?: Record<string, string>): Record<string, unknown> {
  const template = parseTemplate(yaml, 'test.yaml');
  return resolveValue(template.Resources.R!.Properties, { template, parameters }) as Record<string, unknown>;
}

const HEADER = `
Parameters:
  Env: { Type: String, Default: dev }
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
    expect((p.Param as Unknown).reason).toContain('parameter Env is set at deploy time (default "dev")');
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
      reason: 'Fn::Sub depends on parameter Env (default "dev")',
    },
    {
      name: 'Fn::Sub over a parameter, a pseudo parameter and a resource attribute',
      yaml: `!Sub '\${Env}-\${AWS::Region}-\${Vpc.CidrBlock}-\${Env}'`,
      reason:
        'Fn::Sub depends on parameter Env (default "dev"), pseudo parameter AWS::Region, attribute Vpc.CidrBlock',
    },
    {
      name: 'Fn::Sub with a variable map naming a parameter',
      yaml: `!Sub ['arn:\${P}:s3:::b-\${Suffix}', { Suffix: !Ref Env, P: aws }]`,
      reason: 'Fn::Sub depends on parameter Env (default "dev")',
    },
    {
      name: 'Fn::Sub with a variable that is itself a partly known Fn::Join',
      yaml: `!Sub ['\${J}.s3', { J: !Join ['.', [com, !Ref AWS::Region]] }]`,
      reason: 'Fn::Sub depends on pseudo parameter AWS::Region',
    },
    {
      name: 'Fn::Join over a parameter and a resource',
      yaml: "!Join ['-', [!Ref Env, !Ref Vpc]]",
      reason: 'Fn::Join depends on parameter Env (default "dev"), resource Vpc',
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
Conditions:
  Never: !Equals [a, b]
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Always: { Type: AWS::S3::Bucket }
  NeverBucket: { Type: AWS::S3::Bucket, Condition: Never }
  ProdBucket: { Type: AWS::S3::Bucket, Condition: IsProd }
`;

  it('skips a resource whose condition is false and notes an undecided one on its location', () => {
    // Act
    const template = normalizeTemplate(TEMPLATE, 't.yaml');
    // Assess
    expect(template.resources.map((r) => r.id)).toEqual(['Always', 'ProdBucket']);
    expect(template.resources[0]!.location?.condition).toBeUndefined();
    expect(template.resources[1]!.location?.condition).toBe('IsProd');
    expect(template.skipped).toEqual([
      { logicalId: 'NeverBucket', type: 'AWS::S3::Bucket', condition: 'Never' },
    ]);
  });

  it('decides the condition from the parameters given', () => {
    const dev = normalizeTemplate(TEMPLATE, 't.yaml', { parameters: { Env: 'dev' } });
    expect(dev.resources.map((r) => r.id)).toEqual(['Always']);
    expect(dev.skipped.map((s) => s.logicalId)).toEqual(['NeverBucket', 'ProdBucket']);
    const prod = normalizeTemplate(TEMPLATE, 't.yaml', { parameters: { Env: 'prod' } });
    expect(prod.resources.map((r) => [r.id, r.location?.condition])).toEqual([
      ['Always', undefined],
      ['ProdBucket', undefined],
    ]);
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
