import { defineRemediation, evidenceString, field, notFixed, ok, optionalString } from './remediation';

/**
 * Starts logging on a trail that was stopped.
 * Evidence: `trailArn` (preferred: works for trails of another Region), else `trailName`; falls back to
 * the resource ARN, then id.
 */
const ID = 'cloudtrail-start-logging';

export default defineRemediation({
  id: ID,
  title: 'Start logging on the CloudTrail trail',
  destructive: false,
  writeActions: ['cloudtrail:StartLogging'],
  readActions: ['cloudtrail:GetTrailStatus'],
  evidenceKeys: ['trailArn', 'trailName'],
  plan(finding) {
    const name =
      optionalString(finding, 'trailArn') ?? evidenceString(ID, finding, 'trailName', ['arn', 'id']);
    return [
      {
        service: 'CloudTrail',
        operation: 'StartLogging',
        input: { Name: name },
        iamAction: 'cloudtrail:StartLogging',
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
          operation: 'GetTrailStatus',
          input: { Name: name },
          iamAction: 'cloudtrail:GetTrailStatus',
        },
      ];
    },
    check([output]) {
      return field(output, 'IsLogging') === true
        ? ok('The trail is logging')
        : notFixed('The trail is not logging');
    },
  },
});
