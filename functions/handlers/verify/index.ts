import { STSClient } from '@aws-sdk/client-sts';
import { dynamoStore } from '../../adapters/aws/clients';
import { configItemSource } from '../../adapters/aws/config-clients';
import { AwsRemediationReader } from '../../adapters/aws/remediation-reader';
import { RuleBook } from '../../rulebook/engine';
import { remediationReadActions } from '../../rulebook/remediations/index';
import { env, required, ruleBookConfigFrom } from '../../shared/env';
import { catalogVerifier, configVerifier, createHandler } from './handler';

export { catalogVerifier, configVerifier, createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
/** The catalog's read-back runs with the member accounts' read-only role, reads only. */
const executor = new AwsRemediationReader({
  roleName: required(e, 'REMEDIATION_READ_ROLE_NAME'),
  readActions: remediationReadActions(),
  sts: new STSClient({}),
});
const verifier = catalogVerifier(
  executor,
  configVerifier(configItemSource(), new RuleBook(undefined, ruleBookConfigFrom(e))),
);

export const handler = createHandler({ verifier, audit: store.audit });
export default handler;
