import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, taggedScope, tagValue } from '../../tagging';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('Environment is not prod'));

export default defineRule({
  id: 'tags-prod-requires-sla',
  title: 'Production resources (Environment=prod) define an SLA tag',
  pillar: 'reliability',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: { seed: '004', section: 'AWS Resource Tagging Strategy / Tag Validation Rules (Conditional Tags)' },
  rationale:
    'A production resource without an SLA has no stated availability target: alarms, backups, Multi-AZ and ' +
    'on-call priority cannot be matched to what the business needs.',
  recommendation:
    'Tag the resource SLA=<target> (for example 99.9) and derive alarms and recovery objectives from it.',
  expectedImpact: 'Reliability investment matches an explicit target for every production resource.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const environment = tagValue(tags, 'Environment');
    if (environment instanceof Unknown) return unknown('Environment is set at deploy time', environment);
    if (environment?.toLowerCase() !== 'prod') return NOT_APPLICABLE;
    const sla = tagValue(tags, 'SLA');
    if (sla === undefined) return fail('Environment is prod but no SLA tag is defined');
    return pass('The production resource defines an SLA');
  },
});
