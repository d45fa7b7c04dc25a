import { isProd } from '../../environment';
import { fail, joinList, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, piiLevel, taggedScope, tagValue } from '../../tagging';

export default defineRule({
  id: 'tags-mandatory-present',
  title: 'Resources carry the mandatory tags of the tag policy',
  pillar: 'cost-optimization',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: { seed: '004', section: 'AWS Resource Tagging Strategy / Tag Validation Rules (Mandatory Tags)' },
  rationale:
    'Without Environment, App, CostCenter and SecurityClassification a resource cannot be charged back, ' +
    'owned, or handled under the right data policy; cost reports show it as "untagged" and automation that ' +
    'keys on tags skips it. ComplianceRequired is mandatory "if applicable": this rule applies it when the ' +
    'resource carries personal data (PIILevel set and not None) or runs in production.',
  recommendation:
    'Add the missing tags (config.tagPolicy.mandatoryTags) in the template or with Tag Editor, and enforce them ' +
    'with an AWS Organizations tag policy plus the required-tags Config rule or an SCP on aws:RequestTag.',
  expectedImpact: 'Every cost can be allocated and every resource has an owner and a data classification.',
  references: { configRules: ['REQUIRED_TAGS'] },
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const missing: string[] = [];
    for (const key of ctx.config.tagPolicy.mandatoryTags)
      if (tagValue(tags, key) === undefined) missing.push(key);
    if (tagValue(tags, 'ComplianceRequired') === undefined && !missing.includes('ComplianceRequired')) {
      const pii = piiLevel(tags);
      const prod = isProd(resource, ctx.config);
      const applicable = (typeof pii === 'string' && pii !== 'none') || prod === true;
      if (applicable) missing.push('ComplianceRequired');
      else if (missing.length === 0 && (pii instanceof Unknown || prod instanceof Unknown)) {
        return unknown(
          'Whether ComplianceRequired applies depends on a tag set at deploy time',
          pii instanceof Unknown ? pii : (prod as Unknown),
        );
      }
    }
    if (missing.length > 0) {
      return fail(`Missing mandatory tag${missing.length === 1 ? '' : 's'}: ${joinList(missing)}`, {
        missing,
      });
    }
    return pass('All mandatory tags are present');
  },
});
