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

/**
 * Fetches the full configuration item for an oversized Config notification. `laterTime` (ISO) is the
 * notification's capture time: the item returned is the latest one recorded at or before it. Returns
 * the item in the notification model (`toConfigItem`), or undefined when Config has none.
 */
export interface ConfigItemSource {
  latest(
    resourceType: string,
    resourceId: string,
    accountId: string,
    region: string,
    laterTime?: string,
  ): Promise<unknown>;
}
