import * as z from '../../shared/zod';
import type { Finding } from '../model/finding';
import { defineRemediation, field, nonEmptyString, notFixed, ok, optionalString } from './remediation';

/**
 * Turns GuardDuty on in the finding's account and region: re-enables the existing detector when the
 * finding names it, else creates one (first use also creates GuardDuty's service-linked role).
 * Evidence: `detectorId` (optional; present when a detector exists but is disabled); `action`
 * 'deleted' (the detector is gone: a new one is created).
 * `writeInputs`: IAM cannot restrict the detector settings a call changes, so the executor accepts
 * exactly `Enable: true` (and, on create, the publishing frequency): never features or data sources.
 */
const ID = 'guardduty-enable-detector';

function existingDetector(finding: Finding): string | undefined {
  return optionalString(finding, 'action') === 'deleted' ? undefined : optionalString(finding, 'detectorId');
}

export default defineRemediation({
  id: ID,
  title: 'Turn on the GuardDuty detector',
  destructive: false,
  writeActions: ['guardduty:CreateDetector', 'guardduty:UpdateDetector', 'iam:CreateServiceLinkedRole'],
  readActions: ['guardduty:GetDetector', 'guardduty:ListDetectors'],
  writeInputs: {
    UpdateDetector: z.strictObject({ DetectorId: nonEmptyString(), Enable: z.literal(true) }),
    CreateDetector: z.strictObject({
      Enable: z.literal(true),
      FindingPublishingFrequency: z.literal('FIFTEEN_MINUTES'),
    }),
  },
  evidenceKeys: ['detectorId', 'action'],
  plan(finding) {
    const detectorId = existingDetector(finding);
    if (detectorId) {
      return [
        {
          service: 'GuardDuty',
          operation: 'UpdateDetector',
          input: { DetectorId: detectorId, Enable: true },
          iamAction: 'guardduty:UpdateDetector',
        },
      ];
    }
    return [
      {
        service: 'GuardDuty',
        operation: 'CreateDetector',
        input: { Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' },
        iamAction: 'guardduty:CreateDetector',
      },
    ];
  },
  verify: {
    read(finding) {
      const detectorId = existingDetector(finding);
      return detectorId
        ? [
            {
              service: 'GuardDuty',
              operation: 'GetDetector',
              input: { DetectorId: detectorId },
              iamAction: 'guardduty:GetDetector',
            },
          ]
        : [
            {
              service: 'GuardDuty',
              operation: 'ListDetectors',
              input: {},
              iamAction: 'guardduty:ListDetectors',
            },
          ];
    },
    check([output], finding) {
      if (existingDetector(finding)) {
        const status = field(output, 'Status');
        return status === 'ENABLED'
          ? ok('The detector is enabled')
          : notFixed(`The detector is ${String(status)}`);
      }
      const ids = field(output, 'DetectorIds');
      return Array.isArray(ids) && ids.length > 0
        ? ok(`Detector ${String(ids[0])} exists`)
        : notFixed('No GuardDuty detector exists in the region');
    },
  },
});
