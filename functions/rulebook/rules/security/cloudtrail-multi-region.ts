import { fail, pass, unknown } from '../../model/evaluation';
import type { CloudTrailTrail } from '../../model/resources/cloudtrail-trail';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-multi-region',
  title: 'CloudTrail trails record every Region (multi-Region trail)',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::CloudTrail::Trail'] },
  source: {
    seed: '003',
    section: 'SOC 2 Evidence Automation with AWS CloudTrail (1. Enable CloudTrail in ALL regions)',
  },
  rationale:
    "A single-Region trail (CloudTrail's default) misses activity in every other Region: an attacker who " +
    'launches resources or disables controls elsewhere leaves no audit record, and SOC 2 evidence has gaps.',
  recommendation:
    'Set IsMultiRegionTrail to true (aws cloudtrail update-trail --is-multi-region-trail), ideally as an ' +
    'organization trail delivering to a central log-archive bucket.',
  expectedImpact: 'Every API call in every Region of the account is recorded and auditable.',
  references: { securityHub: ['CloudTrail.1'], configRules: ['MULTI_REGION_CLOUD_TRAIL_ENABLED'] },
  evaluate(trail: CloudTrailTrail) {
    const multi = trail.isMultiRegion;
    if (multi instanceof Unknown) return unknown('IsMultiRegionTrail is set at deploy time', multi);
    return multi ? pass('The trail records every Region') : fail('The trail records a single Region only');
  },
});
