import {
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListParentsCommand,
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
} from '@aws-sdk/client-organizations';
import type { AccountDirectory, AccountInfo } from '../../ports/inventory-source';
import { rethrowTransient } from '../../shared/errors';

/**
 * Account names and OUs from AWS Organizations (management or delegated administrator account),
 * cached per container for `ttlMs` (Organizations throttles hard: a few requests per second).
 * `describe` (one account, on every notification) reads ListAccounts once and the account's parent;
 * `list` (every account, for the weekly report) walks the tree instead: two calls per OU (its
 * accounts, its child OUs), not two per account, and every account comes with its direct OU.
 */
export class OrganizationsAccountDirectory implements AccountDirectory {
  private accounts?: { at: number; byId: Map<string, AccountInfo> };
  private tree?: { at: number; accounts: AccountInfo[] };
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
    if (this.tree && this.clock() - this.tree.at < this.ttlMs) return this.tree.accounts;
    const accounts: AccountInfo[] = [];
    const client = { client: this.client };
    try {
      const parents: Array<{ id: string; ou?: { id: string; name?: string } }> = [];
      for await (const page of paginateListRoots(client, {})) {
        for (const root of page.Roots ?? []) if (root.Id) parents.push({ id: root.Id });
      }
      for (let parent = parents.shift(); parent; parent = parents.shift()) {
        const ou = parent.ou;
        for await (const page of paginateListAccountsForParent(client, { ParentId: parent.id })) {
          for (const a of page.Accounts ?? []) {
            if (!a.Id) continue;
            accounts.push({
              accountId: a.Id,
              ...(a.Name ? { name: a.Name } : {}),
              ...(ou?.name ? { organizationalUnit: ou.name } : {}),
              ...(ou ? { organizationalUnitId: ou.id } : {}),
            });
          }
        }
        for await (const page of paginateListOrganizationalUnitsForParent(client, { ParentId: parent.id })) {
          for (const child of page.OrganizationalUnits ?? []) {
            if (child.Id)
              parents.push({
                id: child.Id,
                ou: { id: child.Id, ...(child.Name ? { name: child.Name } : {}) },
              });
          }
        }
      }
    } catch (error) {
      return rethrowTransient(error, 'Organizations account tree');
    }
    accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
    this.tree = { at: this.clock(), accounts };
    return accounts;
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
