import { STSClient } from '@aws-sdk/client-sts';
import { dynamoStore } from '../../adapters/aws/clients';
import { AwsRemediationExecutor } from '../../adapters/aws/remediation-executor';
import { env, required } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);

/**
 * Assumes the member-account remediation (write) role (session named after the approval) and runs
 * the approved plan. The only function whose role may assume the write role.
 */
const executor = new AwsRemediationExecutor({
  roleName: required(e, 'REMEDIATION_ROLE_NAME'),
  sts: new STSClient({}),
});

export const handler = createHandler({
  executor,
  audit: store.audit,
  approvals: store.approvals,
  findings: store.findings,
});
export default handler;
