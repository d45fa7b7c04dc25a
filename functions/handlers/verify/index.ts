import { dynamoStore } from '../../adapters/aws/clients';
import { configItemSource } from '../../adapters/aws/config-clients';
import { RuleBook } from '../../rulebook/engine';
import { env, ruleBookConfigFrom } from '../../shared/env';
import { configVerifier, createHandler } from './handler';

export { configVerifier, createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
const verifier = configVerifier(configItemSource(), new RuleBook(undefined, ruleBookConfigFrom(e)));

export const handler = createHandler({ verifier, audit: store.audit });
export default handler;
