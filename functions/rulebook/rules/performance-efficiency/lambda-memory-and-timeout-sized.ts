import { fail, pass, unknown } from '../../model/evaluation';
import type { LambdaFunction } from '../../model/resources/lambda-function';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_S = 3;

export default defineRule({
  id: 'lambda-memory-and-timeout-sized',
  title: 'Lambda functions are sized: memory and timeout are not left at 128 MB / 3 s',
  pillar: 'performance-efficiency',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Lambda::Function'] },
  source: { seed: '000', section: 'Step 4: Well-Architected Review / Performance Efficiency: right-sizing' },
  rationale:
    'Lambda allocates CPU in proportion to memory: at the 128 MB default a function gets the smallest CPU ' +
    'share, so CPU-bound or SDK-heavy code runs slowly and often costs more per request than at 256-1024 MB. ' +
    'The 3-second default timeout is rarely a deliberate choice either: calls to other services time out ' +
    'under load and are retried. Both defaults usually mean nobody sized the function.',
  recommendation:
    'Measure with AWS Lambda Power Tuning (or CloudWatch duration and max-memory metrics) and set MemorySize ' +
    'to the cheapest value that meets the latency goal; set Timeout a little above the p99 duration and ' +
    "below the caller's timeout (API Gateway: 29 s; SQS: under the visibility timeout).",
  expectedImpact: 'Lower latency and often lower cost per invocation; fewer spurious timeouts and retries.',
  references: { configRules: ['LAMBDA_FUNCTION_SETTINGS_CHECK'] },
  evaluate(fn: LambdaFunction) {
    const memory = fn.memorySize;
    const timeout = fn.timeout;
    if (memory instanceof Unknown) return unknown('MemorySize is set at deploy time', memory);
    if (timeout instanceof Unknown) return unknown('Timeout is set at deploy time', timeout);
    const problems: string[] = [];
    if (memory === DEFAULT_MEMORY_MB) {
      problems.push(fn.memorySizeIsDefault ? 'memory is not set (128 MB default)' : 'memory is 128 MB');
    }
    if (timeout === DEFAULT_TIMEOUT_S) {
      problems.push(fn.timeoutIsDefault ? 'timeout is not set (3 s default)' : 'timeout is 3 s');
    }
    if (problems.length > 0) {
      const text = problems.join(' and ');
      return fail(text.charAt(0).toUpperCase() + text.slice(1), { memorySize: memory, timeout });
    }
    return pass(`Memory ${memory} MB and timeout ${timeout} s are set explicitly`);
  },
});
