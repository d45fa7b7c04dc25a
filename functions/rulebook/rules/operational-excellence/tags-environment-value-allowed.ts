import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, taggedScope, tagValue } from '../../tagging';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('No Environment tag (see tags-mandatory-present)'));

export default defineRule({
  id: 'tags-environment-value-allowed',
  title: 'The Environment tag uses one of the allowed values',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '004',
    section:
      'AWS Resource Tagging Strategy / Tag Validation Rules (Mandatory Tags: Environment dev, staging, prod)',
  },
  rationale:
    'Cost reports, production detection, alert routing and SCPs match Environment values exactly: "Prod", ' +
    '"production" or "prd" next to "prod" split the same environment into several and let resources slip ' +
    'through environment-based guardrails.',
  recommendation: 'Use exactly one of config.tagPolicy.environmentValues (default dev, staging, prod).',
  expectedImpact: 'Environment-based reports, alerts and guardrails see every resource.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const value = tagValue(tags, 'Environment');
    if (value === undefined) return NOT_APPLICABLE;
    if (value instanceof Unknown) return unknown('Environment is set at deploy time', value);
    const allowed = ctx.config.tagPolicy.environmentValues;
    if (allowed.includes(value)) return pass(`Environment is ${value}`);
    return fail(`Environment "${value}" is not one of ${allowed.join(', ')}`, { value, allowed });
  },
});
