import { fail, pass, unknown } from '../../model/evaluation';
import type { GuardDutyDetector } from '../../model/resources/guardduty-detector';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'guardduty-detector-enabled',
  title: 'GuardDuty detectors are enabled',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::GuardDuty::Detector'] },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 3: Enable GuardDuty' },
  rationale:
    'A suspended detector produces no findings: compromised credentials, crypto-mining and data ' +
    'exfiltration go unnoticed while the account looks protected.',
  recommendation:
    'Set Enable to true (aws guardduty update-detector --enable), preferably managed from a delegated ' +
    'administrator account for the whole organization.',
  expectedImpact: 'Continuous threat detection on CloudTrail, VPC flow and DNS logs in this Region.',
  references: { securityHub: ['GuardDuty.1'], configRules: ['GUARDDUTY_ENABLED_CENTRALIZED'] },
  evaluate(detector: GuardDutyDetector) {
    const enabled = detector.enabled;
    if (enabled instanceof Unknown) return unknown('Enable is set at deploy time', enabled);
    return enabled
      ? pass('The detector is enabled')
      : fail('The GuardDuty detector is disabled (Enable: false)');
  },
});
