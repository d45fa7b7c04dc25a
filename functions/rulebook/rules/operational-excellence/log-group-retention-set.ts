import { fail, pass, unknown } from '../../model/evaluation';
import type { LogsLogGroup } from '../../model/resources/logs-log-group';
import { Unknown } from '../../model/unknown';
import type { RuleContext } from '../../rule';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'log-group-retention-set',
  title: 'CloudWatch log groups have a retention period of at least the configured minimum',
  pillar: 'operational-excellence',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Logs::LogGroup'] },
  source: {
    seed: '000',
    section: 'Security References / 4. Monitoring & Logging (centralize logs and set retention policies)',
  },
  rationale:
    'A log group without retention keeps every event forever ("Never expire", the default): storage cost ' +
    'grows without bound and data is kept longer than any policy allows. Retention below the minimum ' +
    '(config.logs.minRetentionDays) loses the logs an investigation or audit needs. Unlike the AWS Config ' +
    'managed rule, which accepts "Never expire", this rule asks for an explicit period.',
  recommendation:
    "Set RetentionInDays to a value at or above the minimum that matches the data's retention policy; " +
    'export to S3 (with lifecycle rules) what must be kept for years.',
  expectedImpact: 'Bounded log storage cost and logs kept exactly as long as policy requires.',
  references: { securityHub: ['CloudWatch.16'], configRules: ['CW_LOGGROUP_RETENTION_PERIOD_CHECK'] },
  evaluate(group: LogsLogGroup, ctx: RuleContext) {
    const days = group.retentionInDays;
    const min = ctx.config.logs.minRetentionDays;
    if (days instanceof Unknown) return unknown('RetentionInDays is set at deploy time', days);
    if (days === undefined) {
      return fail('The log group never expires its events (no retention set)', {
        retentionInDays: null,
        minimum: min,
      });
    }
    if (days < min) {
      return fail(`Retention is ${days} days, below the ${min}-day minimum`, {
        retentionInDays: days,
        minimum: min,
      });
    }
    return pass(`Retention is ${days} days`);
  },
});
