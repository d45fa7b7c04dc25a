import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, taggedScope } from '../../tagging';

/**
 * Tags of the seed's taxonomy whose values are identifiers (names, codes), where the seed asks for
 * kebab-case. Free text (people's names), lists (ComplianceRequired), fixed vocabularies
 * (SecurityClassification, PIILevel), dates, versions and SLAs have rules or conventions of their own.
 */
const IDENTIFIER_TAGS = [
  'App',
  'Service',
  'CostCenter',
  'Tenancy',
  'Product',
  'Pattern',
  'Purpose',
  'DeployingDepartment',
  'RequestingDepartment',
];
/** One word in any case (`Reporting`, `core`, `ACME`). */
const SINGLE_WORD = /^[A-Za-z0-9]+$/;
/** Several lower-case words joined by hyphens (underscores tolerated): `cost-center-001`. */
const KEBAB = /^[a-z0-9]+(?:[-_][a-z0-9]+)+$/;

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('No identifier tags to check'));

export default defineRule({
  id: 'tags-values-kebab-case',
  title: 'Identifier tag values use kebab-case and no special characters',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '004',
    section: 'AWS Resource Tagging Strategy / Tag Validation Rules (Tag Value Standards)',
  },
  rationale:
    'Tag values are matched exactly by cost allocation, ABAC conditions and automation: "Customer Portal", ' +
    '"customer_Portal" and "customer-portal" are three different applications in a cost report.',
  recommendation:
    'Write multi-word identifier values in lower-case kebab-case (cost-center-001, customer-portal) and use ' +
    'no characters other than letters, digits, hyphens and underscores.',
  expectedImpact: 'One spelling per application, service and cost center in every report and policy.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const offending: Record<string, string> = {};
    let checked = 0;
    let hidden: Unknown | undefined;
    for (const key of IDENTIFIER_TAGS) {
      const value = tags[key];
      if (value === undefined || value === '') continue;
      if (value instanceof Unknown) {
        hidden ??= value;
        continue;
      }
      checked++;
      if (!SINGLE_WORD.test(value) && !KEBAB.test(value)) offending[key] = value;
    }
    const keys = Object.keys(offending);
    if (keys.length > 0) {
      return fail(
        `Tag value${keys.length === 1 ? '' : 's'} not in kebab-case: ${keys.map((k) => `${k}="${offending[k]}"`).join(', ')}`,
        {
          values: offending,
        },
      );
    }
    if (hidden) return unknown('An identifier tag is set at deploy time', hidden);
    if (checked === 0) return NOT_APPLICABLE;
    return pass('Identifier tag values are kebab-case');
  },
});
