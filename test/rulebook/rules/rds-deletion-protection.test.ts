import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/rds-deletion-protection';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, storageItem, template } from '../storage-helpers';

describe('rds-deletion-protection', () => {
  const configCases: Array<{
    name: string;
    item: () => CI;
    mutate: (ci: CI) => void;
    expected: string;
    severity?: string;
  }> = [
    {
      name: 'prod instance fixture: off',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: () => {},
      expected: 'fail',
      severity: 'high',
    },
    {
      name: 'instance with protection on',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.deletionProtection = true;
      },
      expected: 'pass',
    },
    {
      name: 'prod cluster fixture: off',
      item: () => storageItem('config-ci-rds-dbcluster'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'Aurora member instance',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: (ci) => {
        ci.configuration.dBClusterIdentifier = 'ledger-prod';
      },
      expected: 'not-applicable',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ item, mutate, expected, severity }) => {
    const ci = item();
    mutate(ci);
    const result = runOnConfigItem(rule, ci);
    expect(result.status).toBe(expected);
    if (severity) expect(result.severity).toBe(severity);
  });

  const templateCases = [
    {
      name: 'instance without DeletionProtection',
      type: 'AWS::RDS::DBInstance',
      props: {},
      expected: 'fail',
    },
    {
      name: 'instance with DeletionProtection',
      type: 'AWS::RDS::DBInstance',
      props: { DeletionProtection: true },
      expected: 'pass',
    },
    { name: 'cluster without DeletionProtection', type: 'AWS::RDS::DBCluster', props: {}, expected: 'fail' },
    {
      name: 'cluster flag behind a parameter',
      type: 'AWS::RDS::DBCluster',
      props: { DeletionProtection: HIDDEN },
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ type, props, expected }) => {
    const resources = { Db: { Type: type, Properties: { Engine: 'aurora-postgresql', ...props } } };
    const result = runOnTemplate(rule, template(resources), 'Db');
    expect(result.status).toBe(expected);
    if (expected === 'fail') expect(result.severity).toBeUndefined();
  });

  it.each([
    { name: 'a production database', tags: [{ Key: 'Environment', Value: 'prod' }], severity: 'high' },
    { name: 'a dev database', tags: [{ Key: 'Environment', Value: 'dev' }], severity: 'medium' },
    {
      name: 'an environment set at deploy time',
      tags: [{ Key: 'Environment', Value: HIDDEN }],
      severity: 'high',
    },
  ])('CloudFormation: a flag set at deploy time on $name is unknown at $severity', ({ tags, severity }) => {
    // Prepare
    const resources = {
      Db: {
        Type: 'AWS::RDS::DBCluster',
        Properties: { Engine: 'aurora-postgresql', DeletionProtection: HIDDEN, Tags: tags },
      },
    };
    // Act
    const result = runOnTemplate(rule, template(resources), 'Db');
    // Assess
    expect(result.status).toBe('unknown');
    expect(result.severity).toBe(severity);
  });
});
