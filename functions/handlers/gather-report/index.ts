import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { dynamoStore } from '../../adapters/aws/clients';
import { CostExplorerCostSource, createCostExplorerClient } from '../../adapters/aws/cost-explorer';
import { OrganizationsAccountDirectory } from '../../adapters/aws/organizations-directory';
import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const store = dynamoStore(env());

export const handler = createHandler({
  findings: store.findings,
  history: store.history,
  suppressions: store.suppressions,
  audit: store.audit,
  // Organizations and Cost Explorer are global services served from us-east-1.
  accounts: new OrganizationsAccountDirectory(new OrganizationsClient({ region: 'us-east-1' })),
  cost: new CostExplorerCostSource(createCostExplorerClient()),
});
export default handler;
