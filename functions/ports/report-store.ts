export interface ReportFile {
  /** Relative key below the report prefix, e.g. `reports/2026/W47/index.html`. */
  key: string;
  body: string;
  contentType: string;
}

export interface ReportStore {
  put(files: readonly ReportFile[]): Promise<void>;
  /** A link a person can open: presigned (S3) or a file path (local). */
  linkTo(key: string, expiresInSeconds: number): Promise<string>;
}
