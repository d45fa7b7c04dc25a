import { callEvidence, flag, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'guardduty-detector-disabled',
  title: 'GuardDuty detectors are not deleted or suspended',
  pillar: 'security',
  severity: 'high',
  appliesTo: {
    kind: 'activity',
    eventNames: ['DeleteDetector', 'UpdateDetector'],
    eventSources: ['guardduty.amazonaws.com'],
  },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 3: Enable GuardDuty' },
  rationale:
    'GuardDuty is the threat detector of the account. Deleting the detector throws away its findings; suspending it ' +
    '(enable=false) stops detection. Either blinds the security team, which is why intruders do it.',
  recommendation:
    'Re-enable the detector (UpdateDetector Enable=true, or CreateDetector after a delete), manage GuardDuty from ' +
    'the delegated administrator account with auto-enable for members, and deny guardduty:DeleteDetector and ' +
    'guardduty:UpdateDetector in an SCP.',
  expectedImpact: 'Threat detection keeps running in every account and Region.',
  references: { securityHub: ['GuardDuty.1'], configRules: ['GUARDDUTY_ENABLED_CENTRALIZED'] },
  remediation: 'guardduty-enable-detector',
  evaluate(event: ActivityEvent) {
    const deleted = event.eventName === 'DeleteDetector';
    const enable = flag(event.requestParameters, 'enable');
    if (!deleted && enable === undefined)
      return notApplicable('the update does not change whether the detector runs');
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const detectorId = text(event.requestParameters, 'detectorId') ?? 'unknown';
    if (!deleted && enable) {
      return repaired(event, `re-enabled GuardDuty detector ${detectorId}`, {
        type: 'AWS::GuardDuty::Detector',
        id: detectorId,
      });
    }
    return fail(
      `The ${who(event)} ${deleted ? 'deleted' : 'suspended'} GuardDuty detector ${detectorId} in ${event.region}`,
      callEvidence(event, { detectorId, action: deleted ? 'deleted' : 'suspended' }),
      { resource: { type: 'AWS::GuardDuty::Detector', id: detectorId } },
    );
  },
});
