import { SFNClient } from '@aws-sdk/client-sfn';
import { dynamoStore } from '../../adapters/aws/clients';
import { SfnTaskCallbacks } from '../../adapters/aws/sfn-callbacks';
import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

/** Parsed at cold start: a malformed NOTIFY_MIN_SEVERITY fails the init, naming the variable. */
const e = env();
const store = dynamoStore(e);

export const handler = createHandler({
  findings: store.findings,
  suppressions: store.suppressions,
  notifyMinSeverity: e.NOTIFY_MIN_SEVERITY,
  // A deleted resource: its findings' resolutions are audited, the pending approval of a fix withdrawn
  // (SendTaskFailure only: Record can end a waiting remediation, never approve one).
  audit: store.audit,
  approvals: store.approvals,
  callbacks: new SfnTaskCallbacks(new SFNClient({})),
});
export default handler;
