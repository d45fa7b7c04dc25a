import { fail, pass, unknown } from '../../model/evaluation';
import type { DynamoDbTable } from '../../model/resources/dynamodb-table';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'dynamodb-table-point-in-time-recovery',
  title: 'DynamoDB tables have point-in-time recovery on',
  pillar: 'reliability',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::DynamoDB::Table'] },
  source: { seed: '000', section: 'Security References / 5. Resilience & Recovery (automated backups)' },
  rationale:
    'Point-in-time recovery keeps continuous backups for up to 35 days, so a table can be restored to any ' +
    'second before a bad write, a faulty migration or an accidental delete. Without it only manual backups exist.',
  recommendation: 'Set PointInTimeRecoverySpecification PointInTimeRecoveryEnabled: true.',
  expectedImpact: 'Data lost to a bad write can be restored to the second before it happened.',
  references: { securityHub: ['DynamoDB.2'], configRules: ['DYNAMODB_PITR_ENABLED'] },
  evaluate(table: DynamoDbTable) {
    const pitr = table.pointInTimeRecovery;
    if (pitr instanceof Unknown) return unknown('Whether point-in-time recovery is on is not known', pitr);
    return pitr
      ? pass('Point-in-time recovery is on')
      : fail('Point-in-time recovery is off', { pointInTimeRecovery: false });
  },
});
