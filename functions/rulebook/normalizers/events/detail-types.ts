/**
 * The EventBridge `detail-type` values the bot ingests. A leaf module: the local replay's sharding
 * and the stores' resource order read these without pulling the normalizers into every bundle.
 */

/** Both spellings occur: the EventBridge guide says "Signin", real events say "Sign In". */
export const SIGN_IN_DETAIL_TYPES = [
  'AWS Console Sign In via CloudTrail',
  'AWS Console Signin via CloudTrail',
] as const;
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const CONFIG_ITEM_CHANGE_DETAIL_TYPE = 'Config Configuration Item Change';
export const CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE = 'Config Rules Compliance Change';
export const COST_ANOMALY_DETAIL_TYPE = 'Anomaly Detected';

/**
 * Other CloudTrail deliveries carry the same record: console actions (`eventType: AwsConsoleAction`)
 * and service events (`AwsServiceEvent`). Accepted so a broad ingestion rule never dead-letters them;
 * the activity rules decide whether they matter (root-user-activity skips service events).
 */
export const OTHER_CLOUDTRAIL_DETAIL_TYPES = [
  'AWS Console Action via CloudTrail',
  'AWS Service Event via CloudTrail',
] as const;

export const CLOUDTRAIL_DETAIL_TYPES: ReadonlySet<string> = new Set([
  API_CALL_DETAIL_TYPE,
  ...SIGN_IN_DETAIL_TYPES,
  ...OTHER_CLOUDTRAIL_DETAIL_TYPES,
]);
