import { RuleBook } from '../../rulebook/engine';
import { env, ruleBookConfigFrom } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

/** Built once per container: rule lookup is then a map access per subject. */
const book = new RuleBook(undefined, ruleBookConfigFrom(env()));

export const handler = createHandler({ book });
export default handler;
