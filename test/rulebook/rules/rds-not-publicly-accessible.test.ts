import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/rds-not-publicly-accessible';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, storageItem, template } from '../storage-helpers';

describe('rds-not-publicly-accessible', () => {
  const configCases: Array<{ name: string; item: () => CI; mutate: (ci: CI) => void; expected: string }> = [
    {
      name: 'instance fixture: publiclyAccessible true',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'private instance',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.publiclyAccessible = false;
      },
      expected: 'pass',
    },
    {
      name: 'Aurora member instance made public',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.dBClusterIdentifier = 'ledger-prod';
      },
      expected: 'fail',
    },
    {
      name: 'Aurora cluster: the setting lives on its instances',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: () => {},
      expected: 'not-applicable',
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
    { name: 'PubliclyAccessible true', resources: instance({ PubliclyAccessible: true }), expected: 'fail' },
    {
      name: 'PubliclyAccessible false',
      resources: instance({ PubliclyAccessible: false }),
      expected: 'pass',
    },
    { name: 'not set: RDS decides from the VPC', resources: instance({}), expected: 'unknown' },
    { name: 'behind a parameter', resources: instance({ PubliclyAccessible: HIDDEN }), expected: 'unknown' },
    {
      name: 'Multi-AZ DB cluster (non-Aurora) that is public',
      resources: {
        Db: {
          Type: 'AWS::RDS::DBCluster',
          Properties: {
            Engine: 'postgres',
            DBClusterInstanceClass: 'db.m6gd.large',
            PubliclyAccessible: true,
          },
        },
      },
      expected: 'fail',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ resources, expected }) => {
    expect(runOnTemplate(rule, template(resources), 'Db').status).toBe(expected);
  });

  it('explains why an unset flag is unknown', () => {
    const result = runOnTemplate(rule, template(instance({})), 'Db');
    expect(result.message).toMatch(/internet gateway/);
  });
});
