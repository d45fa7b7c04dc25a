import { STSClient } from '@aws-sdk/client-sts';
import { dynamoStore } from '../../adapters/aws/clients';
import { configItemSource } from '../../adapters/aws/config-clients';
import { AwsRemediationExecutor } from '../../adapters/aws/remediation-executor';
import { RuleBook } from '../../rulebook/engine';
import { env, required, ruleBookConfigFrom } from '../../shared/env';
import { catalogVerifier, configVerifier, createHandler } from './handler';

export { catalogVerifier, configVerifier, createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
const executor = new AwsRemediationExecutor({
  roleName: required(e, 'REMEDIATION_ROLE_NAME'),
  sts: new STSClient({}),
});
const verifier = catalogVerifier(
  executor,
  configVerifier(configItemSource(), new RuleBook(undefined, ruleBookConfigFrom(e))),
);

export const handler = createHandler({ verifier, audit: store.audit });
export default handler;
