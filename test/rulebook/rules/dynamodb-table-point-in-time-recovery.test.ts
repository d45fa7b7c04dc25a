import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/dynamodb-table-point-in-time-recovery';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, HIDDEN, storageItem, template } from '../storage-helpers';

describe('dynamodb-table-point-in-time-recovery', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: DISABLED', mutate: () => {}, expected: 'fail' },
    {
      name: 'ENABLED',
      mutate: (ci) => {
        ci.supplementaryConfiguration.ContinuousBackupsDescription = {
          continuousBackupsStatus: 'ENABLED',
          pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' },
        };
      },
      expected: 'pass',
    },
    {
      name: 'continuous backups not recorded',
      mutate: (ci) => {
        delete ci.supplementaryConfiguration.ContinuousBackupsDescription;
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-dynamodb-table');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const templateCases = [
    { name: 'not set (default off)', props: {}, expected: 'fail' },
    {
      name: 'enabled',
      props: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
      expected: 'pass',
    },
    {
      name: 'behind a parameter',
      props: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: HIDDEN } },
      expected: 'unknown',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ props, expected }) => {
    const resources = {
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST', ...props } },
    };
    expect(runOnTemplate(rule, template(resources), 'Table').status).toBe(expected);
  });
});
