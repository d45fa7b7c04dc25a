import { dynamoStore } from '../../adapters/aws/clients';
import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const store = dynamoStore(env());

export const handler = createHandler({ findings: store.findings, history: store.history });
export default handler;
