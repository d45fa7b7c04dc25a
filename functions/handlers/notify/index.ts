import { workflowNotifier } from '../../adapters/aws/notifier';
import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

export const handler = createHandler({ notifier: workflowNotifier(env()) });
export default handler;
