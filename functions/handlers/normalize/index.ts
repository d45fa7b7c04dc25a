import { configItemSource } from '../../adapters/aws/config-clients';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const configItems = configItemSource();

export const handler = createHandler({ configItems });
export default handler;
