import { dynamoStore } from '../../adapters/aws/clients';
import { workflowNotifier } from '../../adapters/aws/notifier';
import { env } from '../../shared/env';
import { remainingInvocationMs } from '../../shared/invocation';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);

export const handler = createHandler({
  approvals: store.approvals,
  audit: store.audit,
  findings: store.findings,
  notifier: workflowNotifier(e, {
    findings: store.findings,
    deliveries: store.deliveries,
    remainingMs: remainingInvocationMs,
  }),
});
export default handler;
