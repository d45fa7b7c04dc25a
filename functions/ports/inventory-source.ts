/** Account context from AWS Organizations (or fixtures locally). */
export interface AccountInfo {
  accountId: string;
  name?: string;
  /** Name of the account's parent OU, when it has one. */
  organizationalUnit?: string;
  organizationalUnitId?: string;
}

export interface AccountDirectory {
  describe(accountId: string): Promise<AccountInfo>;
  list(): Promise<AccountInfo[]>;
}

/** Fetches the full configuration item for an oversized Config notification. */
export interface ConfigItemSource {
  latest(resourceType: string, resourceId: string, accountId: string, region: string): Promise<unknown>;
}
