import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { ConfigHistoryItemSource } from '../../adapters/aws/config-item-source';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const configItems = new ConfigHistoryItemSource(new ConfigServiceClient({}));

export const handler = createHandler({ configItems });
export default handler;
