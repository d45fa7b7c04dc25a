import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/secretsmanager-secret-rotation-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, storageItem } from '../storage-helpers';

describe('secretsmanager-secret-rotation-enabled', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: RotationEnabled false', mutate: () => {}, expected: 'fail' },
    {
      name: 'never configured (attribute absent)',
      mutate: (ci) => {
        delete ci.configuration.RotationEnabled;
      },
      expected: 'fail',
    },
    {
      name: 'rotation every 30 days',
      mutate: (ci) => {
        ci.configuration.RotationEnabled = true;
        ci.configuration.RotationLambdaARN =
          'arn:aws:lambda:eu-west-1:111122223333:function:SecretsManagerRDSPostgreSQLRotationSingleUser';
        ci.configuration.RotationRules = { AutomaticallyAfterDays: 30 };
      },
      expected: 'pass',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-secretsmanager-secret');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const secret = `
Parameters:
  Hidden: { Type: String }
Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: orders/db-admin
      GenerateSecretString: { SecretStringTemplate: '{"username":"admin"}', GenerateStringKey: password }
`;
  const templateCases = [
    { name: 'no RotationSchedule', extra: '', expected: 'fail' },
    {
      name: 'RotationSchedule with !Ref',
      extra: `
  DbSecretRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref DbSecret
      HostedRotationLambda: { RotationType: PostgreSQLSingleUser }
      RotationRules: { AutomaticallyAfterDays: 30 }
`,
      expected: 'pass',
    },
    {
      name: 'RotationSchedule for another secret',
      extra: `
  OtherRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: arn:aws:secretsmanager:eu-west-1:111122223333:secret:other-AbCdEf
      RotationRules: { AutomaticallyAfterDays: 30 }
`,
      expected: 'fail',
    },
    {
      name: 'rotation rules behind a parameter',
      extra: `
  DbSecretRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref DbSecret
      RotationRules: !Ref Hidden
`,
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ extra, expected }) => {
    expect(runOnTemplate(rule, secret + extra, 'DbSecret').status).toBe(expected);
  });

  it('names the schedule and the interval', () => {
    const yaml = `${secret}
  DbSecretRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref DbSecret
      RotationRules: { AutomaticallyAfterDays: 30 }
`;
    const result = runOnTemplate(rule, yaml, 'DbSecret');
    expect(result.message).toBe('The secret rotates every 30 days');
    expect(result.evidence).toEqual({ rotatedBy: 'DbSecretRotation' });
  });
});
