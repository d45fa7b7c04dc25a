import { callEvidence, flag, repaired, skipFailedCall, trailOf, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-log-file-validation-disabled',
  title: 'CloudTrail log file validation is not turned off',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'activity', eventNames: ['UpdateTrail'], eventSources: ['cloudtrail.amazonaws.com'] },
  source: {
    seed: '003',
    section: 'SOC 2 Evidence Automation with AWS CloudTrail (--enable-log-file-validation)',
  },
  rationale:
    'Without log file validation there are no signed digest files, so nobody can prove that delivered log files ' +
    'were not altered or deleted afterwards: the trail stops being evidence.',
  recommendation:
    'Turn log file validation back on (UpdateTrail EnableLogFileValidation=true) and check with ' +
    '`aws cloudtrail validate-logs` that no file was changed while it was off.',
  expectedImpact: 'Tampering with delivered CloudTrail logs becomes detectable again.',
  references: { securityHub: ['CloudTrail.4'], configRules: ['CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED'] },
  remediation: 'cloudtrail-enable-log-file-validation',
  evaluate(event: ActivityEvent) {
    const validation = flag(event.requestParameters, 'enableLogFileValidation');
    if (validation === undefined) return notApplicable('the update does not touch log file validation');
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const trail = trailOf(event);
    if (validation) return repaired(event, `turned log file validation on for trail ${trail.name}`, trail);
    return fail(
      `The ${who(event)} turned off log file validation on trail ${trail.name}`,
      callEvidence(event, { trailName: trail.name, enableLogFileValidation: false }),
      { resource: trail },
    );
  },
});
