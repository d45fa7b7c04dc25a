import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/lambda-no-plaintext-secrets-in-environment';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { lambdaItem, template } from '../iam-area-fixtures';

describe('lambda-no-plaintext-secrets-in-environment', () => {
  describe('Config item', () => {
    it('fails on the fixture, naming DB_PASSWORD but never its value', () => {
      const result = runOnConfigItem(rule, lambdaItem());
      expect(result.status).toBe('fail');
      expect(result.evidence).toEqual({ variables: ['DB_PASSWORD'] });
      expect(JSON.stringify(result)).not.toContain('hunter2');
    });

    it.each([
      {
        name: 'secret ARN and table name only',
        variables: {
          TABLE_NAME: 'orders',
          DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db',
        },
        expected: 'pass',
      },
      { name: 'an API key literal', variables: { SLACK_API_KEY: 'xoxb-not-a-real-token' }, expected: 'fail' },
      { name: 'a token name with a boolean value', variables: { ENABLE_TOKEN: 'true' }, expected: 'pass' },
    ])('$name -> $expected', ({ variables, expected }) => {
      const item = lambdaItem();
      item.configuration.environment = { variables };
      expect(runOnConfigItem(rule, item).status).toBe(expected);
    });

    it('is unknown when the item does not list environment variables', () => {
      const item = lambdaItem();
      delete item.configuration.environment;
      expect(runOnConfigItem(rule, item).status).toBe('unknown');
    });
  });

  describe('CloudFormation', () => {
    const base = {
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::111122223333:role/r',
      Code: { ZipFile: 'x' },
    };
    const cases = [
      { name: 'literal password', vars: { DB_PASSWORD: 'hunter2-example' }, expected: 'fail' },
      {
        name: 'dynamic reference to Secrets Manager',
        vars: { DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}' },
        expected: 'pass',
      },
      { name: 'NoEcho parameter', vars: { DB_PASSWORD: { Ref: 'DbPassword' } }, expected: 'pass' },
      { name: 'no environment', vars: undefined, expected: 'pass' },
      {
        name: 'the whole map behind an intrinsic',
        vars: { 'Fn::If': ['IsProd', { A: '1' }, { B: '2' }] },
        expected: 'unknown',
      },
    ] as const;

    it.each(cases)('$name -> $expected', ({ vars, expected }) => {
      const props = vars === undefined ? base : { ...base, Environment: { Variables: vars } };
      const t = {
        ...template('AWS::Lambda::Function', props, {
          parameters: { DbPassword: { Type: 'String', NoEcho: true }, Env: { Type: 'String' } },
        }),
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      };
      expect(runOnTemplate(rule, t, 'Subject').status).toBe(expected);
    });
  });
});
