import { STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleExecutor } from '../../adapters/aws/assume-role-executor';
import { dynamoStore } from '../../adapters/aws/clients';
import { env, required } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);

/**
 * Service callers come from the remediation catalog (one per service it uses); none are registered
 * in this branch, so every plan is refused with UnsupportedCallError rather than half-executed.
 */
const executor = new AssumeRoleExecutor(new STSClient({}), required(e, 'REMEDIATION_ROLE_NAME'), {});

export const handler = createHandler({ executor, audit: store.audit });
export default handler;
