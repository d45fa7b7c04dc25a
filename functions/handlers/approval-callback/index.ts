import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { dynamoStore } from '../../adapters/aws/clients';
import { workflowNotifier } from '../../adapters/aws/notifier';
import { SfnTaskCallbacks } from '../../adapters/aws/sfn-callbacks';
import { SlackSecretProvider } from '../../adapters/aws/slack-secret';
import { createSlackClient } from '../../adapters/slack/client';
import { SlackInteractionResponder } from '../../adapters/slack/interaction-slack';
import { SlackNotifier } from '../../adapters/slack/slack-notifier';
import { REJECTED_REQUEST_MESSAGE } from '../../approvals/endpoint';
import { env, required } from '../../shared/env';
import { remainingInvocationMs } from '../../shared/invocation';
import { logger } from '../../shared/logger';
import { approverConfigFrom, createHandler } from './handler';

export { approverConfigFrom, createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);
const secretsManager = new SecretsManagerClient({});
/** The bot token (card updates, ephemeral replies) and the signing secret: two secrets, each its own grant. */
const botToken = new SlackSecretProvider(
  secretsManager,
  required(e, 'SLACK_BOT_TOKEN_SECRET_ARN'),
  'botToken',
);
const signingSecret = new SlackSecretProvider(
  secretsManager,
  required(e, 'SLACK_SIGNING_SECRET_ARN'),
  'signingSecret',
);
const channel = required(e, 'SLACK_CHANNEL');

/** Built on first use (the bot token comes from Secrets Manager), then kept for the container. */
let notifier: Promise<SlackNotifier> | undefined;
const slackNotifier = () => {
  notifier ??= botToken.get().then(
    (token) =>
      new SlackNotifier({
        client: createSlackClient(token),
        channel,
        findings: store.findings,
        // Slack wants the answer within 3 s: never wait out a rate limit past this invocation.
        retry: { remainingMs: remainingInvocationMs },
      }),
    (error) => {
      notifier = undefined;
      throw error;
    },
  );
  return notifier;
};
const slack = {
  tellUser: async (...args: Parameters<SlackInteractionResponder['tellUser']>) =>
    new SlackInteractionResponder(await slackNotifier()).tellUser(...args),
  showApproval: async (...args: Parameters<SlackInteractionResponder['showApproval']>) =>
    new SlackInteractionResponder(await slackNotifier()).showApproval(...args),
};
/**
 * An acknowledgement's RESOLVED notice, as Notify sends every resolution: SNS (message attributes
 * included) and the Slack card and thread, each on its own, with the delivery records Notify keeps
 * (a notice Record sends again later skips the channels that have it).
 */
const resolutions = workflowNotifier(e, {
  secrets: secretsManager,
  findings: store.findings,
  deliveries: store.deliveries,
  remainingMs: remainingInvocationMs,
});

export const handler = createHandler({
  deps: {
    approvals: store.approvals,
    findings: store.findings,
    suppressions: store.suppressions,
    audit: store.audit,
    callbacks: new SfnTaskCallbacks(new SFNClient({})),
    slack,
    notifier: resolutions,
    approvers: approverConfigFrom(e.APPROVERS),
    now: () => new Date(),
  },
  signingSecret: () => signingSecret.get(),
  onRejected: (rejection) => logger.warn(REJECTED_REQUEST_MESSAGE, rejection),
});
export default handler;
