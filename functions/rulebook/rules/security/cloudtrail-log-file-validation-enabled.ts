import { fail, pass, unknown } from '../../model/evaluation';
import type { CloudTrailTrail } from '../../model/resources/cloudtrail-trail';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-log-file-validation-enabled',
  title: 'CloudTrail log file integrity validation is on',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::CloudTrail::Trail'] },
  source: {
    seed: '003',
    section:
      'SOC 2 Evidence Automation with AWS CloudTrail (--enable-log-file-validation: detect log tampering)',
  },
  rationale:
    'Without log file validation nobody can prove that a log file was not modified or deleted after ' +
    'delivery; an intruder who reaches the log bucket can rewrite the evidence undetected.',
  recommendation:
    'Set EnableLogFileValidation to true and validate with `aws cloudtrail validate-logs` during audits; ' +
    'protect the bucket with Object Lock as seed 003 shows.',
  expectedImpact: 'Tampering with delivered log files becomes detectable (signed hourly digest files).',
  references: { securityHub: ['CloudTrail.4'], configRules: ['CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED'] },
  evaluate(trail: CloudTrailTrail) {
    const on = trail.logFileValidation;
    if (on instanceof Unknown) return unknown('EnableLogFileValidation is set at deploy time', on);
    return on ? pass('Log file validation is on') : fail('Log file validation is off');
  },
});
