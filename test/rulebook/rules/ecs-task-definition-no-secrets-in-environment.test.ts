import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ecs-task-definition-no-secrets-in-environment';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('ecs-task-definition-no-secrets-in-environment', () => {
  it('fails for the fixture, naming the variable but never its value', () => {
    const result = runOnConfigItem(rule, networkItem('config-ci-ecs-task-definition.json'));
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual({ variables: [{ container: 'app', variable: 'STRIPE_API_KEY' }] });
    expect(JSON.stringify(result)).not.toContain('EXAMPLE-not-a-real-key');
  });

  it('passes when the key moves to secrets', () => {
    const item = networkItem('config-ci-ecs-task-definition.json');
    const container = (item.configuration.ContainerDefinitions as Array<Record<string, unknown[]>>)[0]!;
    container.Environment = container.Environment!.filter(
      (v) => (v as { Name: string }).Name !== 'STRIPE_API_KEY',
    );
    expect(runOnConfigItem(rule, item).status).toBe('pass');
  });

  const env = (name: string, value: unknown) => ({ Name: name, Value: value });
  const cases = [
    { name: 'DB_PASSWORD literal', vars: [env('DB_PASSWORD', 'hunter2')], status: 'fail' },
    { name: 'GITHUB_TOKEN literal', vars: [env('GITHUB_TOKEN', 'x')], status: 'fail' },
    { name: 'harmless names', vars: [env('NODE_ENV', 'production'), env('PORT', '8080')], status: 'pass' },
    {
      name: 'PWD and TOKEN_TTL are not secrets',
      vars: [env('PWD', '/app'), env('TOKEN_TTL', '3600')],
      status: 'pass',
    },
    { name: 'CLIENT_SECRET literal', vars: [env('CLIENT_SECRET', 'abc')], status: 'fail' },
    {
      name: 'a pointer to a secret',
      vars: [env('DB_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db')],
      status: 'pass',
    },
    { name: 'an empty value', vars: [env('API_KEY', '')], status: 'pass' },
    { name: 'value from a parameter', vars: [env('DB_PASSWORD', { Ref: 'Password' })], status: 'unknown' },
  ] as const;
  it.each(cases)('CloudFormation $name -> $status', ({ vars, status }) => {
    const template = {
      Parameters: { Password: { Type: 'String', NoEcho: true } },
      Resources: {
        Task: {
          Type: 'AWS::ECS::TaskDefinition',
          Properties: {
            Family: 'app',
            ContainerDefinitions: [
              {
                Name: 'app',
                Image: 'public.ecr.aws/docker/library/nginx:1.27',
                Environment: vars,
                Secrets: [
                  {
                    Name: 'DATABASE_URL',
                    ValueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-url',
                  },
                ],
              },
            ],
          },
        },
      },
    };
    expect(runOnTemplate(rule, template, 'Task').status).toBe(status);
  });
});
