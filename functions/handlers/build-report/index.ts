import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

export const handler = createHandler();
export default handler;
