import { callEvidence, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

const CALLS = {
  StopConfigurationRecorder: {
    param: 'configurationRecorderName',
    type: 'AWS::Config::ConfigurationRecorder',
    what: 'stopped configuration recorder',
  },
  DeleteConfigurationRecorder: {
    param: 'configurationRecorderName',
    type: 'AWS::Config::ConfigurationRecorder',
    what: 'deleted configuration recorder',
  },
  DeleteDeliveryChannel: {
    param: 'deliveryChannelName',
    type: 'AWS::Config::DeliveryChannel',
    what: 'deleted delivery channel',
  },
} as const;

export default defineRule({
  id: 'config-recorder-stopped',
  title: 'AWS Config keeps recording and delivering',
  pillar: 'security',
  severity: 'high',
  appliesTo: {
    kind: 'activity',
    eventNames: [...Object.keys(CALLS), 'StartConfigurationRecorder'],
    eventSources: ['config.amazonaws.com'],
  },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 2: Enable AWS Config' },
  rationale:
    'Without the recorder (or its delivery channel) AWS Config stops seeing changes: Config rules stop judging new ' +
    'resources, the configuration history has a gap, and this bot loses its main input.',
  recommendation:
    'Start the recorder again (StartConfigurationRecorder; recreate the recorder and delivery channel if deleted), ' +
    'deploy Config through the organization (StackSets / Control Tower) and deny the stop/delete calls with an SCP.',
  expectedImpact: 'Every resource change stays recorded and evaluated.',
  references: { securityHub: ['Config.1'] },
  remediation: 'config-start-recorder',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    if (event.eventName === 'StartConfigurationRecorder') {
      const name = text(event.requestParameters, 'configurationRecorderName') ?? 'default';
      return repaired(event, `started configuration recorder ${name} in ${event.region}`, {
        type: 'AWS::Config::ConfigurationRecorder',
        id: name,
        name,
      });
    }
    const call = CALLS[event.eventName as keyof typeof CALLS];
    if (!call) return notApplicable(`${event.eventName} does not stop AWS Config`);
    const name = text(event.requestParameters, call.param) ?? 'default';
    return fail(
      `The ${who(event)} ${call.what} ${name} in ${event.region}: AWS Config no longer records changes there`,
      callEvidence(event, { [call.param]: name }),
      { resource: { type: call.type, id: name, name } },
    );
  },
});
