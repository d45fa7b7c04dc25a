import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { dynamoStore } from '../../adapters/aws/clients';
import { ConfigHistoryItemSource } from '../../adapters/aws/config-item-source';
import { RuleBook } from '../../rulebook/engine';
import { env, ruleBookConfigFrom } from '../../shared/env';
import { configVerifier, createHandler } from './handler';

export { configVerifier, createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
const verifier = configVerifier(
  new ConfigHistoryItemSource(new ConfigServiceClient({})),
  new RuleBook(undefined, ruleBookConfigFrom(e)),
);

export const handler = createHandler({ verifier, audit: store.audit });
export default handler;
