import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/no-plaintext-secrets-in-template';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template, userItem } from '../iam-area-fixtures';

describe('no-plaintext-secrets-in-template', () => {
  it('Config items are not applicable (they carry no template properties)', () => {
    expect(runOnConfigItem(rule, userItem()).status).toBe('not-applicable');
    expect(runOnConfigItem(rule, lambdaItem()).status).toBe('not-applicable');
  });

  const cases = [
    {
      name: 'IAM user console password literal',
      type: 'AWS::IAM::User',
      props: { LoginProfile: { Password: 'Initial-Passw0rd!', PasswordResetRequired: true } },
      expected: 'fail',
      paths: ['LoginProfile.Password'],
    },
    {
      name: 'password from Secrets Manager dynamic reference',
      type: 'AWS::IAM::User',
      props: { LoginProfile: { Password: '{{resolve:secretsmanager:users/jdoe:SecretString:password}}' } },
      expected: 'pass',
    },
    {
      name: 'password from a NoEcho parameter',
      type: 'AWS::IAM::User',
      props: { LoginProfile: { Password: { Ref: 'Password' } } },
      expected: 'pass',
    },
    {
      name: 'CloudTrail trail has nothing secret-like',
      type: 'AWS::CloudTrail::Trail',
      props: { S3BucketName: 'b', IsLogging: true, KMSKeyId: 'alias/trail' },
      expected: 'pass',
    },
    {
      name: 'Lambda environment secrets are left to the Lambda rule',
      type: 'AWS::Lambda::Function',
      props: { Runtime: 'nodejs20.x', Environment: { Variables: { API_TOKEN: 'abc123' } } },
      expected: 'pass',
    },
  ] as const;

  it.each(cases)('CloudFormation: $name -> $expected', (c) => {
    const t = template(c.type, c.props as Record<string, unknown>, {
      parameters: { Password: { Type: 'String', NoEcho: true } },
    });
    const result = runOnTemplate(rule, t, 'Subject');
    expect(result.status).toBe(c.expected);
    if ('paths' in c) {
      expect(result.evidence?.properties).toEqual(c.paths);
      expect(JSON.stringify(result)).not.toContain('Passw0rd');
    }
  });
});
