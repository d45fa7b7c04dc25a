import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { dynamoStore } from '../../adapters/aws/clients';
import { cachedSecret } from '../../adapters/aws/secrets';
import { StepFunctionsCallbacks } from '../../adapters/aws/sfn-callbacks';
import { env, required } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
const slackSecret = cachedSecret(new SecretsManagerClient({}), required(e, 'SLACK_SECRET_ARN'));

export const handler = createHandler({
  signingSecret: async () => {
    const secret = await slackSecret();
    if (!secret.signingSecret) throw new Error('the Slack secret has no signingSecret');
    return secret.signingSecret;
  },
  approversFor: (severity) => e.APPROVERS[severity] ?? [],
  approvals: store.approvals,
  audit: store.audit,
  callbacks: new StepFunctionsCallbacks(new SFNClient({})),
});
export default handler;
