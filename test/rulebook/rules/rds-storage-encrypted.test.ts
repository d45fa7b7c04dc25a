import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/rds-storage-encrypted';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, storageItem, template } from '../storage-helpers';

describe('rds-storage-encrypted', () => {
  const configCases: Array<{ name: string; item: () => CI; mutate: (ci: CI) => void; expected: string }> = [
    {
      name: 'instance fixture: storageEncrypted false',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'encrypted instance',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.storageEncrypted = true;
        ci.configuration.kmsKeyId =
          'arn:aws:kms:eu-west-1:111122223333:key/6f1e2d3c-4b5a-4968-8f7e-6d5c4b3a2f10';
      },
      expected: 'pass',
    },
    {
      name: 'Aurora member instance: judged on the cluster',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.engine = 'aurora-postgresql';
        ci.configuration.dBClusterIdentifier = 'ledger-prod';
      },
      expected: 'not-applicable',
    },
    {
      name: 'cluster fixture: storageEncrypted false',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'encrypted cluster',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: (ci) => {
        ci.configuration.storageEncrypted = true;
      },
      expected: 'pass',
    },
    {
      name: 'encryption flag not recorded',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: (ci) => {
        delete ci.configuration.storageEncrypted;
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ item, mutate, expected }) => {
    const ci = item();
    mutate(ci);
    expect(runOnConfigItem(rule, ci).status).toBe(expected);
  });

  const instance = (props: Record<string, unknown>) => ({
    Db: {
      Type: 'AWS::RDS::DBInstance',
      Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.medium', ...props },
    },
  });
  const templateCases = [
    { name: 'instance without StorageEncrypted (default false)', resources: instance({}), expected: 'fail' },
    {
      name: 'instance with StorageEncrypted true',
      resources: instance({ StorageEncrypted: true }),
      expected: 'pass',
    },
    {
      name: 'instance restored from a snapshot inherits encryption',
      resources: instance({ DBSnapshotIdentifier: 'orders-2025-06-01' }),
      expected: 'unknown',
    },
    {
      name: 'flag behind a parameter',
      resources: instance({ StorageEncrypted: HIDDEN }),
      expected: 'unknown',
    },
    {
      name: 'Aurora cluster without StorageEncrypted',
      resources: { Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } } },
      expected: 'fail',
    },
    {
      name: 'Aurora Serverless v1 is always encrypted',
      resources: {
        Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', EngineMode: 'serverless' } },
      },
      expected: 'pass',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ resources, expected }) => {
    expect(runOnTemplate(rule, template(resources), 'Db').status).toBe(expected);
  });

  it('names the engine in the evidence', () => {
    expect(runOnConfigItem(rule, eventItem('config-ci-rds-dbinstance')).evidence).toEqual({
      storageEncrypted: false,
      engine: 'postgres',
    });
  });
});
