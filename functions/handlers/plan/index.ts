import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();

export const handler = createHandler({
  approvalTimeoutSeconds: e.APPROVAL_TIMEOUT_SECONDS,
  remediationEnabled: e.REMEDIATION_ENABLED,
});
export default handler;
