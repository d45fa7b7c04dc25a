import type { AssumeRoleCommandOutput } from '@aws-sdk/client-sts';

/** What the mocked AssumeRole returns in the executor tests: temporary credentials for the clients. */
export function assumedRole(): Partial<AssumeRoleCommandOutput> {
  return {
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(),
    },
  };
}
