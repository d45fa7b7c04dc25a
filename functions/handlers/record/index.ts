import { dynamoStore } from '../../adapters/aws/clients';
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
});
export default handler;
