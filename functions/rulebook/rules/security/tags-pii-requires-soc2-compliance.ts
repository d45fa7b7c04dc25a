import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { complianceList, isEvaluation, piiLevel, taggedScope, tagValue } from '../../tagging';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('PIILevel is not High or Medium'));

export default defineRule({
  id: 'tags-pii-requires-soc2-compliance',
  title: 'Resources with PIILevel High or Medium list SOC2 in ComplianceRequired',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: { seed: '004', section: 'AWS Resource Tagging Strategy / Tag Validation Rules (Conditional Tags)' },
  rationale:
    'Resources holding medium or high levels of personal data are in scope of the SOC 2 controls; without ' +
    'the ComplianceRequired tag they drop out of evidence collection, access reviews and audit reports.',
  recommendation: 'Tag the resource ComplianceRequired=SOC2 (add other frameworks separated by commas).',
  expectedImpact: 'Every resource with personal data is in the SOC 2 audit scope.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const pii = piiLevel(tags);
    if (pii instanceof Unknown) return unknown('PIILevel is set at deploy time', pii);
    if (pii !== 'high' && pii !== 'medium') return NOT_APPLICABLE;
    const compliance = tagValue(tags, 'ComplianceRequired');
    if (compliance instanceof Unknown) return unknown('ComplianceRequired is set at deploy time', compliance);
    if (compliance !== undefined && complianceList(compliance).includes('SOC2')) {
      return pass('ComplianceRequired includes SOC2');
    }
    return fail(
      compliance === undefined
        ? `PIILevel is ${tags.PIILevel} but ComplianceRequired is missing`
        : `PIILevel is ${tags.PIILevel} but ComplianceRequired (${compliance}) does not include SOC2`,
      { PIILevel: tags.PIILevel, ComplianceRequired: compliance ?? null },
    );
  },
});
