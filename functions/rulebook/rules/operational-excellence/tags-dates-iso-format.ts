import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, isIsoDate, taggedScope } from '../../tagging';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('No date tags'));

export default defineRule({
  id: 'tags-dates-iso-format',
  title: 'Date tags (RetireDate and other *Date tags) use ISO 8601 YYYY-MM-DD',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '004',
    section: 'AWS Resource Tagging Strategy / Tag Validation Rules (Tag Value Standards: ISO 8601 dates)',
  },
  rationale:
    'Lifecycle automation and cost reviews compare dates as text; "12/31/2025" or "31.12.2025" cannot be ' +
    'compared or sorted and is read differently in different countries, so the resource is never retired.',
  recommendation: 'Write dates as YYYY-MM-DD (for example RetireDate=2026-03-31).',
  expectedImpact: 'Retirement and review automation can read every date.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const offending: Record<string, string> = {};
    let checked = 0;
    let hidden: Unknown | undefined;
    for (const key of Object.keys(tags)) {
      if (!key.endsWith('Date')) continue;
      const value = tags[key];
      if (value instanceof Unknown) {
        hidden ??= value;
        continue;
      }
      if (value === undefined || value === '') continue;
      checked++;
      if (!isIsoDate(value)) offending[key] = value;
    }
    const keys = Object.keys(offending);
    if (keys.length > 0) {
      return fail(`Not a YYYY-MM-DD date: ${keys.map((k) => `${k}="${offending[k]}"`).join(', ')}`, {
        values: offending,
      });
    }
    if (hidden) return unknown('A date tag is set at deploy time', hidden);
    if (checked === 0) return NOT_APPLICABLE;
    return pass('Date tags use YYYY-MM-DD');
  },
});
