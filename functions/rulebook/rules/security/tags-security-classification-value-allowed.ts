import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, taggedScope, tagValue } from '../../tagging';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(
  notApplicable('No SecurityClassification tag (see tags-mandatory-present)'),
);

export default defineRule({
  id: 'tags-security-classification-value-allowed',
  title: 'The SecurityClassification tag uses one of the allowed values',
  pillar: 'security',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '004',
    section:
      'AWS Resource Tagging Strategy / Tag Validation Rules (SecurityClassification: Public, Internal, Confidential, Secret)',
  },
  rationale:
    'Data-handling controls (ABAC conditions on aws:ResourceTag, encryption and sharing policies) match the ' +
    'classification value exactly; an unexpected value ("confidential", "PII") matches none of them.',
  recommendation:
    'Use exactly one of config.tagPolicy.securityClassificationValues (default Public, Internal, Confidential, Secret).',
  expectedImpact: 'Classification-based access and data-protection controls apply to every resource.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const value = tagValue(tags, 'SecurityClassification');
    if (value === undefined) return NOT_APPLICABLE;
    if (value instanceof Unknown) return unknown('SecurityClassification is set at deploy time', value);
    const allowed = ctx.config.tagPolicy.securityClassificationValues;
    if (allowed.includes(value)) return pass(`SecurityClassification is ${value}`);
    return fail(`SecurityClassification "${value}" is not one of ${allowed.join(', ')}`, { value, allowed });
  },
});
