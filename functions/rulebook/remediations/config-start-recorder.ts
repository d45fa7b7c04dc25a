import type { Finding } from '../model/finding';
import {
  defineRemediation,
  evidenceString,
  field,
  notFixed,
  ok,
  optionalString,
  RemediationPlanError,
} from './remediation';

/**
 * Starts the AWS Config configuration recorder (it must already exist with a delivery channel).
 * Evidence: `recorderName` or `configurationRecorderName` (optional; falls back to the resource name,
 * then id). A deleted delivery channel (resource type AWS::Config::DeliveryChannel) is not fixed by
 * this: the plan refuses it.
 */
const ID = 'config-start-recorder';

function recorderName(finding: Finding): string {
  if (finding.resource.type === 'AWS::Config::DeliveryChannel') {
    throw new RemediationPlanError(
      ID,
      'a deleted delivery channel must be recreated before the recorder can run',
    );
  }
  return (
    optionalString(finding, 'configurationRecorderName') ??
    evidenceString(ID, finding, 'recorderName', ['name', 'id'])
  );
}

export default defineRemediation({
  id: ID,
  title: 'Start the AWS Config configuration recorder',
  destructive: false,
  writeActions: ['config:StartConfigurationRecorder'],
  readActions: ['config:DescribeConfigurationRecorderStatus'],
  evidenceKeys: ['recorderName', 'configurationRecorderName'],
  plan(finding) {
    const name = recorderName(finding);
    return [
      {
        service: 'ConfigService',
        operation: 'StartConfigurationRecorder',
        input: { ConfigurationRecorderName: name },
        iamAction: 'config:StartConfigurationRecorder',
      },
    ];
  },
  verify: {
    read(finding) {
      const name = recorderName(finding);
      return [
        {
          service: 'ConfigService',
          operation: 'DescribeConfigurationRecorderStatus',
          input: { ConfigurationRecorderNames: [name] },
          iamAction: 'config:DescribeConfigurationRecorderStatus',
        },
      ];
    },
    check([output]) {
      const list = field(output, 'ConfigurationRecordersStatus');
      const status = Array.isArray(list) ? list[0] : undefined;
      return field(status, 'recording') === true
        ? ok('The recorder is recording')
        : notFixed('The recorder is not recording');
    },
  },
});
