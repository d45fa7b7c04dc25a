import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { dynamoStore } from '../../adapters/aws/clients';
import { workflowNotifier } from '../../adapters/aws/notifier';
import { OrganizationsAccountDirectory } from '../../adapters/aws/organizations-directory';
import { env } from '../../shared/env';
import { remainingInvocationMs } from '../../shared/invocation';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
/** Cached for the container's life (15 minutes per entry): Organizations throttles hard. */
const accounts = new OrganizationsAccountDirectory(new OrganizationsClient({}));

/** SNS + Slack (one thread per finding, kept on the findings table). */
export const handler = createHandler({
  notifier: workflowNotifier(e, {
    findings: store.findings,
    deliveries: store.deliveries,
    accounts,
    remainingMs: remainingInvocationMs,
  }),
  findings: store.findings,
  accounts,
});
export default handler;
