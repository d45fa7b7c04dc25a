import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, isIsoDate, taggedScope, tagValue } from '../../tagging';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('No RetireDate tag'));

export default defineRule({
  id: 'tags-retire-date-not-past',
  title: 'Resources are not kept past their RetireDate',
  pillar: 'cost-optimization',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '004',
    section: 'AWS Resource Tagging Strategy / Tagging Taxonomy (Governance: RetireDate)',
  },
  rationale:
    'A resource still running after its RetireDate is a forgotten resource: it keeps costing money, is no ' +
    'longer patched or owned, and widens the attack surface.',
  recommendation:
    'Retire the resource (snapshot or export what must be kept, then delete it) or, if it is still needed, ' +
    "move RetireDate forward with the owner's agreement.",
  expectedImpact: 'No spend on resources past their planned end of life.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const value = tagValue(tags, 'RetireDate');
    if (value === undefined) return NOT_APPLICABLE;
    if (value instanceof Unknown) return unknown('RetireDate is set at deploy time', value);
    if (!isIsoDate(value))
      return notApplicable(`RetireDate "${value}" is not a date (see tags-dates-iso-format)`);
    const today = ctx.now.toISOString().slice(0, 10);
    if (value < today) {
      return fail(`RetireDate ${value} has passed (today is ${today})`, { retireDate: value, today });
    }
    return pass(`RetireDate ${value} is not reached yet`);
  },
});
