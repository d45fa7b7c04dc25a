import { describe } from 'vitest';
import logsLogGroup from '../../../functions/rulebook/normalizers/resources/logs-log-group';
import { logGroupItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('logs-log-group normalizer properties', () => {
  normalizerProperties(logsLogGroup, logGroupItem, {
    LogGroupName: '/x',
    RetentionInDays: 30,
    Tags: [{ Key: 'App', Value: 'a' }],
  });
});
