import { fail, pass, unknown } from '../../model/evaluation';
import type { LambdaFunction } from '../../model/resources/lambda-function';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'lambda-xray-tracing-active',
  title: 'Lambda functions have AWS X-Ray active tracing on',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Lambda::Function'] },
  source: {
    seed: '001',
    section: 'Lambda / Lambda Function with API Gateway (tracing_config mode = "Active")',
  },
  rationale:
    'Without active tracing a slow or failing request cannot be followed across API Gateway, Lambda and the ' +
    'services it calls; incidents are diagnosed from logs alone, which takes longer.',
  recommendation:
    'Set TracingConfig.Mode to Active (and allow xray:PutTraceSegments / xray:PutTelemetryRecords, e.g. ' +
    'AWSXRayDaemonWriteAccess, on the function role).',
  expectedImpact: 'End-to-end traces and a service map for every invocation; faster root-cause analysis.',
  references: { securityHub: ['Lambda.7'], configRules: ['LAMBDA_FUNCTION_XRAY_ENABLED'] },
  evaluate(fn: LambdaFunction) {
    const mode = fn.tracingMode;
    if (mode instanceof Unknown) return unknown('The tracing mode is set at deploy time', mode);
    if (mode === 'Active') return pass('X-Ray active tracing is on');
    return fail(`X-Ray tracing mode is ${mode}`, { tracingMode: mode });
  },
});
