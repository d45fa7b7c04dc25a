import type { AccountDirectory, AccountInfo } from '../../ports/inventory-source';

/** Accounts from a fixture list; an unknown account is described by its id alone. */
export class FixtureAccountDirectory implements AccountDirectory {
  private readonly byId: Map<string, AccountInfo>;
  constructor(accounts: readonly AccountInfo[]) {
    this.byId = new Map(accounts.map((a) => [a.accountId, a]));
  }
  async describe(accountId: string): Promise<AccountInfo> {
    return this.byId.get(accountId) ?? { accountId };
  }
  async list(): Promise<AccountInfo[]> {
    return [...this.byId.values()];
  }
}
