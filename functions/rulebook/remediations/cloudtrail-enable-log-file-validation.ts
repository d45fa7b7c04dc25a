import * as z from '../../shared/zod';
import {
  defineRemediation,
  evidenceString,
  field,
  nonEmptyString,
  notFixed,
  ok,
  optionalString,
} from './remediation';

/**
 * Turns on log file integrity validation for a trail (digest files, SHA-256 + RSA signatures).
 * Evidence: `trailArn` (preferred: works for trails of another Region), else `trailName`; falls back to
 * the resource ARN, then id.
 * `writeInputs`: IAM cannot restrict UpdateTrail's parameters, so the executor accepts exactly the
 * trail name and `EnableLogFileValidation: true` (never a new bucket, KMS key, or logging scope).
 */
const ID = 'cloudtrail-enable-log-file-validation';

export default defineRemediation({
  id: ID,
  title: 'Turn on log file validation for the CloudTrail trail',
  destructive: false,
  writeActions: ['cloudtrail:UpdateTrail'],
  readActions: ['cloudtrail:DescribeTrails'],
  writeInputs: {
    UpdateTrail: z.strictObject({ Name: nonEmptyString(), EnableLogFileValidation: z.literal(true) }),
  },
  evidenceKeys: ['trailArn', 'trailName'],
  plan(finding) {
    const name =
      optionalString(finding, 'trailArn') ?? evidenceString(ID, finding, 'trailName', ['arn', 'id']);
    return [
      {
        service: 'CloudTrail',
        operation: 'UpdateTrail',
        input: { Name: name, EnableLogFileValidation: true },
        iamAction: 'cloudtrail:UpdateTrail',
      },
    ];
  },
  verify: {
    read(finding) {
      const name =
        optionalString(finding, 'trailArn') ?? evidenceString(ID, finding, 'trailName', ['arn', 'id']);
      return [
        {
          service: 'CloudTrail',
          operation: 'DescribeTrails',
          input: { trailNameList: [name] },
          iamAction: 'cloudtrail:DescribeTrails',
        },
      ];
    },
    check([output]) {
      const trails = field(output, 'trailList');
      const trail = Array.isArray(trails) ? trails[0] : undefined;
      return field(trail, 'LogFileValidationEnabled') === true
        ? ok('Log file validation is on')
        : notFixed('Log file validation is still off');
    },
  },
});
