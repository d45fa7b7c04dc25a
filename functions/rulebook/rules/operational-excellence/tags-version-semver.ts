import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { Unknown } from '../../model/unknown';
import { defineRule, type RuleContext } from '../../rule';
import { isEvaluation, taggedScope, tagValue } from '../../tagging';

/** Semantic Versioning 2.0.0 (semver.org), the official regular expression without a "v" prefix. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('No Version tag'));

export default defineRule({
  id: 'tags-version-semver',
  title: 'The Version tag uses semantic versioning (MAJOR.MINOR.PATCH)',
  pillar: 'operational-excellence',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '004',
    section:
      'AWS Resource Tagging Strategy / Tag Validation Rules (Tag Value Standards: semantic versioning)',
  },
  rationale:
    'Rollout tracking and incident triage compare versions: "v2", "latest" or "2024-05 build" cannot be ' +
    'ordered, so nobody can tell which resources run an old release.',
  recommendation: 'Tag Version=MAJOR.MINOR.PATCH (for example 1.4.2), set by the deployment pipeline.',
  expectedImpact: 'Deployed versions can be compared and outdated resources found by query.',
  evaluate(resource: ResourceBase, ctx: RuleContext) {
    const tags = taggedScope(resource, ctx.config);
    if (isEvaluation(tags)) return tags;
    const value = tagValue(tags, 'Version');
    if (value === undefined) return NOT_APPLICABLE;
    if (value instanceof Unknown) return unknown('Version is set at deploy time', value);
    return SEMVER.test(value)
      ? pass(`Version ${value} is a semantic version`)
      : fail(`Version "${value}" is not MAJOR.MINOR.PATCH`, { value });
  },
});
