import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { ConfigRecorder } from '../../model/resources/config-recorder';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'config-recorder-is-recording',
  title: 'The AWS Config recorder is recording',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Config::ConfigurationRecorder'] },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 2: Enable AWS Config' },
  rationale:
    'A stopped recorder records no configuration changes: Config rules stop evaluating, compliance history ' +
    'has a gap, and change-driven detection (including this bot) goes blind for the Region.',
  recommendation:
    'Start the recorder (aws configservice start-configuration-recorder) and alert on ' +
    'StopConfigurationRecorder calls; deny that call with an SCP outside the security team.',
  expectedImpact: 'Continuous configuration history and rule evaluation in the Region.',
  references: { securityHub: ['Config.1'] },
  evaluate(recorder: ConfigRecorder) {
    const recording = recorder.recording;
    if (recording === undefined) {
      return notApplicable(
        'Templates do not carry the recording state (it is changed by Start/StopConfigurationRecorder)',
      );
    }
    if (recording instanceof Unknown)
      return unknown('The recording state is not in the configuration item', recording);
    return recording ? pass('The recorder is recording') : fail('The configuration recorder is stopped');
  },
});
