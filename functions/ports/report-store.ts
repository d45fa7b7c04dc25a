export interface ReportFile {
  /** Relative key below the report prefix, e.g. `reports/2026/W47/index.html`. */
  key: string;
  body: string;
  contentType: string;
}

/** Where a person opens a report file. */
export interface ReportLink {
  /** Opens without signing in: presigned (S3) or a file path (local). */
  url: string;
  /** When `url` stops working (ISO), if it expires at a known time. */
  expiresAt?: string;
  /** `url` stops working at a time nobody can tell in advance (signed with session credentials of unknown expiry). */
  temporary?: boolean;
  /** A link that keeps working for anyone who can sign in and read the object (the S3 console). */
  consoleUrl?: string;
}

export interface ReportStore {
  put(files: readonly ReportFile[]): Promise<void>;
  /** Links to a stored file; `expiresInSeconds` is what is asked for, `expiresAt` what was given. */
  linkTo(key: string, expiresInSeconds: number): Promise<ReportLink>;
}
