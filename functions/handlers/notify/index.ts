import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { workflowNotifier } from '../../adapters/aws/notifier';
import { OrganizationsAccountDirectory } from '../../adapters/aws/organizations-directory';
import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

/** Cached for the container's life (15 minutes per entry): Organizations throttles hard. */
const accounts = new OrganizationsAccountDirectory(new OrganizationsClient({}));

export const handler = createHandler({ notifier: workflowNotifier(env()), accounts });
export default handler;
