import { STSClient } from '@aws-sdk/client-sts';
import { dynamoStore } from '../../adapters/aws/clients';
import { AwsRemediationReader } from '../../adapters/aws/remediation-reader';
import type { RemediationExecutor } from '../../ports/remediation-executor';
import { RemediationPlanError, remediationReadActions } from '../../rulebook/remediations/index';
import { env } from '../../shared/env';
import { catalogPlanner } from '../../shared/remediation-plan';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();

/**
 * Without the read role, plans that need a read first cannot be built (the rest still can). With
 * remediation off (no role deployed) Plan never plans (`unplannedRemediation`), so nothing reads.
 */
const noReads: RemediationExecutor = {
  execute: async () => {
    throw new RemediationPlanError(
      'prepare',
      'this plan reads the resource first: REMEDIATION_READ_ROLE_NAME is not set',
    );
  },
};

/**
 * Plan runs before any human approval, so it only ever holds the member accounts' read-only role,
 * through an executor that refuses anything but the catalog's declared reads.
 */
const executor = e.REMEDIATION_READ_ROLE_NAME
  ? new AwsRemediationReader({
      roleName: e.REMEDIATION_READ_ROLE_NAME,
      readActions: remediationReadActions(),
      sts: new STSClient({}),
    })
  : noReads;

const store = dynamoStore(e);

export const handler = createHandler({
  findings: store.findings,
  approvals: store.approvals,
  approvalTimeoutSeconds: e.APPROVAL_TIMEOUT_SECONDS,
  remediationEnabled: e.REMEDIATION_ENABLED,
  planner: catalogPlanner({ executor }),
});
export default handler;
