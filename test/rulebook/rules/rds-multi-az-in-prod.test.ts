import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/rds-multi-az-in-prod';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, storageItem, template } from '../storage-helpers';

describe('rds-multi-az-in-prod', () => {
  const configCases: Array<{ name: string; item: () => CI; mutate: (ci: CI) => void; expected: string }> = [
    {
      name: 'prod instance fixture, single-AZ',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'prod instance, Multi-AZ',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.multiAZ = true;
      },
      expected: 'pass',
    },
    {
      name: 'dev instance, single-AZ',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.tags = { Environment: 'dev' };
      },
      expected: 'not-applicable',
    },
    {
      name: 'read replica',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.readReplicaSourceDBInstanceIdentifier = 'orders-primary';
      },
      expected: 'not-applicable',
    },
    {
      name: 'prod Aurora cluster with one instance',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'prod Aurora cluster with a reader in another AZ',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: (ci) => {
        ci.configuration.multiAZ = true;
      },
      expected: 'pass',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ item, mutate, expected }) => {
    const ci = item();
    mutate(ci);
    expect(runOnConfigItem(rule, ci).status).toBe(expected);
  });

  it('treats an account listed as prod as prod', () => {
    const ci = eventItem('config-ci-rds-dbinstance');
    ci.tags = {};
    expect(runOnConfigItem(rule, ci).status).toBe('not-applicable');
    expect(runOnConfigItem(rule, ci, { config: { prod: { accountIds: ['111122223333'] } } }).status).toBe(
      'fail',
    );
  });

  const prodTags = [{ Key: 'Environment', Value: 'prod' }];
  const aurora = (instances: number) => {
    const resources: Record<string, unknown> = {
      Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', Tags: prodTags } },
    };
    for (let i = 1; i <= instances; i++) {
      resources[`Db${i}`] = {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          Engine: 'aurora-postgresql',
          DBInstanceClass: 'db.r6g.large',
          DBClusterIdentifier: { Ref: 'Db' },
        },
      };
    }
    return resources;
  };
  const templateCases = [
    {
      name: 'prod instance without MultiAZ',
      resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', Tags: prodTags } } },
      expected: 'fail',
    },
    {
      name: 'prod instance with MultiAZ',
      resources: {
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Properties: { Engine: 'postgres', MultiAZ: true, Tags: prodTags },
        },
      },
      expected: 'pass',
    },
    { name: 'prod Aurora cluster with one instance', resources: aurora(1), expected: 'fail' },
    { name: 'prod Aurora cluster with writer and reader', resources: aurora(2), expected: 'pass' },
    {
      name: 'environment tag behind a parameter',
      resources: {
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Properties: { Engine: 'postgres', Tags: [{ Key: 'Environment', Value: { Ref: 'Hidden' } }] },
        },
      },
      expected: 'unknown',
    },
    {
      name: 'untagged instance is not prod',
      resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } } },
      expected: 'not-applicable',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ resources, expected }) => {
    expect(runOnTemplate(rule, template(resources), 'Db').status).toBe(expected);
  });

  it('does not judge Aurora member instances on their own', () => {
    expect(runOnTemplate(rule, template(aurora(1)), 'Db1').status).toBe('not-applicable');
  });
});
