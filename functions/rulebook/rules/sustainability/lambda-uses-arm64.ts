import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { LambdaFunction } from '../../model/resources/lambda-function';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * Managed runtimes that run on arm64 (Lambda runtimes page): Node.js 12+, Python 3.8+, Java 8 (AL2) and
 * 11+, .NET 6+, Ruby 2.7+, and the OS-only runtimes provided.al2 / provided.al2023. Older runtimes
 * (go1.x, python3.7, java8 on AL1, nodejs10.x) are x86_64 only.
 */
const ARM64_RUNTIMES =
  /^(?:nodejs(?:1[2-9]|[2-9]\d)\.x|python3\.(?:[89]|1\d)|java(?:8\.al2|1[1-9]|[2-9]\d)|dotnet(?:[6-9]|\d\d)|ruby(?:2\.7|3\.\d+)|provided\.al2(?:023)?)$/;

export default defineRule({
  id: 'lambda-uses-arm64',
  title: 'Lambda functions on arm64-capable runtimes use the arm64 (Graviton) architecture',
  pillar: 'sustainability',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Lambda::Function'] },
  source: {
    seed: '003',
    section: 'Per-pillar review questions / Sustainability (Graviton where compatible)',
  },
  rationale:
    'Functions on Graviton (arm64) use less energy for the same work and cost about 20% less per GB-second ' +
    'than x86_64. Interpreted and JIT runtimes usually move without code changes; only native dependencies ' +
    'need an arm64 build.',
  recommendation:
    'Set Architectures: [arm64], rebuild native dependencies (and layers) for arm64, and compare duration ' +
    'in a canary before switching production.',
  expectedImpact: 'About 20% lower duration price and less energy per invocation for the same work.',
  evaluate(fn: LambdaFunction) {
    const runtime = fn.runtime;
    const architectures = fn.architectures;
    if (architectures instanceof Unknown)
      return unknown('Architectures are set at deploy time', architectures);
    if (architectures.includes('arm64')) return pass('The function runs on arm64');
    if (runtime === undefined) {
      return notApplicable('Container image function: the architecture follows the image build');
    }
    if (runtime instanceof Unknown) return unknown('The runtime is set at deploy time', runtime);
    if (!ARM64_RUNTIMES.test(runtime)) return notApplicable(`Runtime ${runtime} does not support arm64`);
    return fail(`The function runs on x86_64 although ${runtime} supports arm64`, { runtime, architectures });
  },
});
