import { describe } from 'vitest';
import lambdaFunction from '../../../functions/rulebook/normalizers/resources/lambda-function';
import { lambdaItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('lambda-function normalizer properties', () => {
  normalizerProperties(lambdaFunction, lambdaItem, {
    Runtime: 'nodejs20.x',
    MemorySize: 256,
    Timeout: 10,
    Architectures: ['arm64'],
    TracingConfig: { Mode: 'Active' },
    Environment: { Variables: { A: 'b', DB_PASSWORD: 'x' } },
    Tags: [{ Key: 'App', Value: 'a' }],
  });
});
