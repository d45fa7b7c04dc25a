import { fail, pass, unknown } from '../../model/evaluation';
import type { ConfigRecorder } from '../../model/resources/config-recorder';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'config-recorder-records-all-resources',
  title: 'The AWS Config recorder records all supported resource types',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Config::ConfigurationRecorder'] },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 2: Enable AWS Config' },
  rationale:
    'A recorder limited to a list of types (or excluding some) leaves every other resource without ' +
    "configuration history and outside every Config rule, including this bot's own change events.",
  recommendation:
    'Set RecordingGroup.AllSupported to true (or RecordingStrategy ALL_SUPPORTED_RESOURCE_TYPES) and record ' +
    'global resource types (IAM) in exactly one Region; use periodic recording for noisy types to control cost.',
  expectedImpact: 'Every supported resource has configuration history and is evaluated by Config rules.',
  references: { securityHub: ['Config.1'] },
  evaluate(recorder: ConfigRecorder) {
    const all = recorder.allSupported;
    const excluded = recorder.excludedResourceTypes;
    if (all instanceof Unknown) return unknown('The recording group is set at deploy time', all);
    if (excluded instanceof Unknown)
      return unknown('The excluded resource types are set at deploy time', excluded);
    // EXCLUSION_BY_RESOURCE_TYPES sets AllSupported false and lists what is left out.
    if (excluded.length > 0) {
      return fail(`The recorder excludes ${excluded.length} resource type(s)`, {
        excludedResourceTypes: excluded,
      });
    }
    if (!all) {
      const included = recorder.includedResourceTypes;
      return fail('The recorder records only selected resource types', {
        resourceTypes: included instanceof Unknown ? included.toJSON() : included,
        ...(typeof recorder.recordingStrategy === 'string'
          ? { recordingStrategy: recorder.recordingStrategy }
          : {}),
      });
    }
    return pass('The recorder records all supported resource types');
  },
});
