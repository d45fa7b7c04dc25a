import {
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListParentsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AccountDirectory, AccountInfo } from '../../ports/inventory-source';
import { rethrowTransient } from '../../shared/errors';

/**
 * Account names and OUs from AWS Organizations (management or delegated administrator account),
 * cached per container for `ttlMs` (Organizations throttles hard: a few requests per second).
 */
export class OrganizationsAccountDirectory implements AccountDirectory {
  private accounts?: { at: number; byId: Map<string, AccountInfo> };
  private readonly ous = new Map<
    string,
    { at: number; info: Pick<AccountInfo, 'organizationalUnit' | 'organizationalUnitId'> }
  >();

  constructor(
    private readonly client: OrganizationsClient,
    private readonly ttlMs = 15 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async list(): Promise<AccountInfo[]> {
    return [...(await this.allAccounts()).values()];
  }

  async describe(accountId: string): Promise<AccountInfo> {
    const base = (await this.allAccounts()).get(accountId) ?? { accountId };
    return { ...base, ...(await this.ouOf(accountId)) };
  }

  private async allAccounts(): Promise<Map<string, AccountInfo>> {
    if (this.accounts && this.clock() - this.accounts.at < this.ttlMs) return this.accounts.byId;
    const byId = new Map<string, AccountInfo>();
    let NextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
        for (const a of page.Accounts ?? []) {
          if (a.Id) byId.set(a.Id, { accountId: a.Id, ...(a.Name ? { name: a.Name } : {}) });
        }
        NextToken = page.NextToken;
      } while (NextToken);
    } catch (error) {
      return rethrowTransient(error, 'Organizations ListAccounts');
    }
    this.accounts = { at: this.clock(), byId };
    return byId;
  }

  private async ouOf(accountId: string) {
    const cached = this.ous.get(accountId);
    if (cached && this.clock() - cached.at < this.ttlMs) return cached.info;
    let info: Pick<AccountInfo, 'organizationalUnit' | 'organizationalUnitId'> = {};
    try {
      const parents = await this.client.send(new ListParentsCommand({ ChildId: accountId }));
      const parent = parents.Parents?.[0];
      if (parent?.Type === 'ORGANIZATIONAL_UNIT' && parent.Id) {
        const ou = await this.client.send(
          new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent.Id }),
        );
        info = {
          organizationalUnitId: parent.Id,
          ...(ou.OrganizationalUnit?.Name ? { organizationalUnit: ou.OrganizationalUnit.Name } : {}),
        };
      }
    } catch (error) {
      if ((error as Error).name === 'ChildNotFoundException') return {};
      return rethrowTransient(error, 'Organizations ListParents');
    }
    this.ous.set(accountId, { at: this.clock(), info });
    return info;
  }
}
