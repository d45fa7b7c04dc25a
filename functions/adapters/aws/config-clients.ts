import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { STSClient } from '@aws-sdk/client-sts';
import { env } from '../../shared/env';
import { ConfigHistoryItemSource, memberAccountConfigClients } from './config-item-source';

/**
 * The Config item source of a deployed function: with CONFIG_READ_ROLE_NAME, member accounts' history
 * through that read-only role (the function's own account directly); without it, the function's
 * own account and region only.
 */
export function configItemSource(e = env()): ConfigHistoryItemSource {
  if (!e.CONFIG_READ_ROLE_NAME) return new ConfigHistoryItemSource(new ConfigServiceClient({}));
  const home = process.env.AWS_ACCOUNT_ID;
  return new ConfigHistoryItemSource(
    memberAccountConfigClients(
      new STSClient({}),
      e.CONFIG_READ_ROLE_NAME,
      home ? { homeAccountId: home } : {},
    ),
  );
}
