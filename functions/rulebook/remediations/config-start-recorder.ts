import { defineRemediation, evidenceString, field, notFixed, ok } from './remediation';

/**
 * Starts the AWS Config configuration recorder (it must already exist with a delivery channel).
 * Evidence: `recorderName` (optional; falls back to the resource name, then id).
 */
const ID = 'config-start-recorder';

export default defineRemediation({
  id: ID,
  title: 'Start the AWS Config configuration recorder',
  destructive: false,
  iamActions: ['config:StartConfigurationRecorder', 'config:DescribeConfigurationRecorderStatus'],
  evidenceKeys: ['recorderName'],
  plan(finding) {
    const name = evidenceString(ID, finding, 'recorderName', ['name', 'id']);
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
      const name = evidenceString(ID, finding, 'recorderName', ['name', 'id']);
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
