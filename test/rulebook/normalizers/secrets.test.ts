import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../functions/rulebook/model/unknown';
import { ResourceReference } from '../../../functions/rulebook/normalizers/cloudformation/reference';
import { normalizeTemplate } from '../../../functions/rulebook/normalizers/load-template';
import { findPlaintextSecrets } from '../../../functions/rulebook/normalizers/secrets';

/**
 * The literal-secret scan behind ResourceBase.plaintextSecrets (computed for every template resource,
 * whatever its type, so property names of other services are tested here).
 */
describe('findPlaintextSecrets', () => {
  it.each([
    {
      name: 'RDS MasterUserPassword literal',
      props: { MasterUserPassword: 'Sup3r-secret' },
      paths: ['MasterUserPassword'],
    },
    {
      name: 'ElastiCache AuthToken literal',
      props: { AuthToken: 'a-very-long-token-value' },
      paths: ['AuthToken'],
    },
    {
      name: 'Secrets Manager SecretString literal',
      props: { SecretString: '{"password":"x"}' },
      paths: ['SecretString'],
    },
    {
      name: 'nested list path',
      props: { Users: [{ Name: 'a' }, { Password: 'p@ss' }] },
      paths: ['Users[1].Password'],
    },
    {
      name: 'a secret Secrets Manager generates (the template is the non-secret part)',
      props: {
        GenerateSecretString: { SecretStringTemplate: '{"username":"bot"}', GenerateStringKey: 'password' },
      },
      paths: [],
    },
    {
      name: 'dynamic reference (secretsmanager)',
      props: { MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}' },
      paths: [],
    },
    {
      name: 'dynamic reference (ssm-secure)',
      props: { MasterUserPassword: '{{resolve:ssm-secure:/db/password:1}}' },
      paths: [],
    },
    {
      name: 'parameter (NoEcho or not: value not in the template)',
      props: { MasterUserPassword: new Unknown('parameter') },
      paths: [],
    },
    {
      name: 'GetAtt of a generated secret',
      props: { Password: new ResourceReference('Secret', 'SecretString') },
      paths: [],
    },
    {
      name: 'names that point to a secret',
      props: {
        SecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:x',
        SecretName: 'db',
        KmsKeyId: 'k',
        MasterUserSecret: { KmsKeyId: 'k' },
      },
      paths: [],
    },
    { name: 'EC2 metadata HttpTokens', props: { MetadataOptions: { HttpTokens: 'required' } }, paths: [] },
    {
      name: 'boolean text and empty values',
      props: { ManageMasterUserPassword: 'true', Password: '' },
      paths: [],
    },
    { name: 'numbers are not secrets', props: { AccessTokenValidity: 60, PasswordLength: 32 }, paths: [] },
    {
      name: 'tags and policy documents are skipped',
      props: {
        Tags: [{ Key: 'token', Value: 'x' }],
        PolicyDocument: { Statement: [{ Condition: { StringEquals: { 'aws:secret': 'x' } } }] },
      },
      paths: [],
    },
  ])('$name', ({ props, paths }) => {
    expect(findPlaintextSecrets(props as Record<string, unknown>)).toEqual(paths);
  });

  it('is computed for template resources (only the types the rule book supports)', () => {
    const text = `
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: Initial-Passw0rd-example
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: not-seen-until-rds-is-supported
`;
    const { resources } = normalizeTemplate(text, 't.yaml');
    const user = resources.find((r) => r.id === 'User');
    expect(user?.plaintextSecrets).toEqual(['LoginProfile.Password']);
  });
});
