import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/rds-backup-retention';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem, HIDDEN, storageItem, template } from '../storage-helpers';

const retention = (days: number, tags?: Record<string, string>) => (ci: CI) => {
  ci.configuration.backupRetentionPeriod = days;
  if (tags) ci.tags = tags;
};

describe('rds-backup-retention', () => {
  const configCases: Array<{
    name: string;
    item: () => CI;
    mutate: (ci: CI) => void;
    expected: string;
    severity?: string;
  }> = [
    {
      name: 'instance fixture: 1 day',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: () => {},
      expected: 'fail',
    },
    {
      name: 'backups off',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: retention(0),
      expected: 'fail',
      severity: 'high',
    },
    {
      name: 'prod with 7 days (needs 30)',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: retention(7),
      expected: 'fail',
    },
    {
      name: 'prod with 30 days',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: retention(30),
      expected: 'pass',
    },
    {
      name: 'dev with 7 days',
      item: () => eventItem('config-ci-rds-dbinstance'),
      mutate: retention(7, { Environment: 'dev' }),
      expected: 'pass',
    },
    {
      name: 'cluster fixture: 1 day',
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

  it('uses the configured minimums', () => {
    const ci = eventItem('config-ci-rds-dbinstance');
    retention(14, { Environment: 'dev' })(ci);
    expect(runOnConfigItem(rule, ci).status).toBe('pass');
    const strict = { rds: { minBackupRetentionDays: 21, prodBackupRetentionDays: 35 } };
    const result = runOnConfigItem(rule, ci, { config: strict });
    expect(result.status).toBe('fail');
    expect(result.message).toBe('Automated backups are kept 14 days, less than 21');
  });

  const instance = (props: Record<string, unknown>) => ({
    Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', ...props } },
  });
  const templateCases = [
    { name: 'not set: CloudFormation default of 1 day', resources: instance({}), expected: 'fail' },
    { name: '7 days, untagged', resources: instance({ BackupRetentionPeriod: 7 }), expected: 'pass' },
    {
      name: 'seed value as a string',
      resources: instance({ BackupRetentionPeriod: '30' }),
      expected: 'pass',
    },
    {
      name: 'behind a parameter',
      resources: instance({ BackupRetentionPeriod: HIDDEN }),
      expected: 'unknown',
    },
    {
      name: '7 days, environment hidden: production would need 30',
      resources: instance({ BackupRetentionPeriod: 7, Tags: [{ Key: 'Environment', Value: HIDDEN }] }),
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ resources, expected }) => {
    expect(runOnTemplate(rule, template(resources), 'Db').status).toBe(expected);
  });
});
