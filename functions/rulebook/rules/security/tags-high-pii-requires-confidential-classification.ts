import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, piiLevel, taggedScope, tagValue } from '../../tagging';

const REQUIRED = ['Confidential', 'Secret'];

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('PIILevel is not High'));

export default defineRule({
  id: 'tags-high-pii-requires-confidential-classification',
  title: 'Resources with PIILevel High are classified Confidential or Secret',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: { seed: '004', section: 'AWS Resource Tagging Strategy / Tag Validation Rules (Conditional Tags)' },
  rationale:
    'Access policies, encryption requirements and data-handling automation key on SecurityClassification; ' +
    'a resource with high PII classified Public or Internal gets the protections of ordinary data.',
  recommendation:
    'Set SecurityClassification to Confidential or Secret and review who can access the resource.',
  expectedImpact: 'Highly sensitive personal data is handled under the strictest data policy.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const pii = piiLevel(tags);
    if (pii instanceof Unknown) return unknown('PIILevel is set at deploy time', pii);
    if (pii !== 'high') return NOT_APPLICABLE;
    const classification = tagValue(tags, 'SecurityClassification');
    if (classification instanceof Unknown)
      return unknown('SecurityClassification is set at deploy time', classification);
    if (classification !== undefined && REQUIRED.includes(classification)) {
      return pass(`High PII is classified ${classification}`);
    }
    return fail(
      `PIILevel is High but SecurityClassification is ${classification ?? 'missing'} (Confidential or Secret required)`,
      { SecurityClassification: classification ?? null },
    );
  },
});
