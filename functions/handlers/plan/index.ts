import { STSClient } from '@aws-sdk/client-sts';
import { AwsRemediationExecutor } from '../../adapters/aws/remediation-executor';
import type { RemediationExecutor } from '../../ports/remediation-executor';
import { RemediationPlanError } from '../../rulebook/remediations/index';
import { env } from '../../shared/env';
import { catalogPlanner } from '../../shared/remediation-plan';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();

/** Without a remediation role, plans that need a read first cannot be built (the rest still can). */
const noReads: RemediationExecutor = {
  execute: async () => {
    throw new RemediationPlanError(
      'prepare',
      'this plan reads the resource first: REMEDIATION_ROLE_NAME is not set',
    );
  },
};

const executor = e.REMEDIATION_ROLE_NAME
  ? new AwsRemediationExecutor({ roleName: e.REMEDIATION_ROLE_NAME, sts: new STSClient({}) })
  : noReads;

export const handler = createHandler({
  approvalTimeoutSeconds: e.APPROVAL_TIMEOUT_SECONDS,
  remediationEnabled: e.REMEDIATION_ENABLED,
  planner: catalogPlanner({ executor }),
});
export default handler;
