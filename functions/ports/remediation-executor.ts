/** One API call a remediation would make, as shown in the dry-run plan and executed after approval. */
export interface PlannedCall {
  /** e.g. `S3`, `EC2`. */
  service: string;
  /** SDK command name without the suffix, e.g. `PutPublicAccessBlock`. */
  operation: string;
  input: Record<string, unknown>;
  /** The IAM action this call needs, e.g. `s3:PutBucketPublicAccessBlock`. */
  iamAction: string;
  /**
   * Error names (SDK exception `name`) that mean "nothing there" for a read, e.g. `NoSuchBucketPolicy`:
   * the executor returns `{ $error: name }` as the output instead of failing the plan.
   */
  allowErrors?: readonly string[];
  /**
   * Set on a write built from a value `prepare` read (a whole bucket policy, a whole tag set): that
   * read, and the sha256 of what it returned at plan time (`readFingerprint`). Before writing, the
   * executor reads again and refuses the plan (`StalePlanError`) if the value changed, rather than
   * write back a copy up to an approval timeout old.
   */
  precondition?: CallPrecondition;
}

/** A read repeated right before a write, and the fingerprint its output must still have. */
export interface CallPrecondition {
  read: Omit<PlannedCall, 'precondition'>;
  /** sha256 (hex) of the read's output at plan time, key order ignored (`readFingerprint`). */
  sha256: string;
}

export interface ExecutionTarget {
  accountId: string;
  region: string;
  /** Traces the change to its approval: part of the assumed-role session name. */
  approvalId?: string;
  /**
   * The catalog remediation the calls belong to (Remediate sets it): the AWS executor refuses calls
   * without one, for an id not in the catalog, or whose IAM action that remediation does not declare.
   */
  remediationId?: string;
}

/** Runs planned calls in a member account (assumed role) or, locally, prints them (dry run). */
export interface RemediationExecutor {
  /** True: `execute` changes nothing (a dry run); the audit trail marks its `remediated` records so. */
  readonly dryRun?: boolean;
  execute(
    target: ExecutionTarget,
    calls: readonly PlannedCall[],
  ): Promise<Array<{ call: PlannedCall; output: unknown }>>;
}

/** A dry-run plan: what a remediation would do, shown to the approver and executed after approval. */
export interface RemediationPlan {
  remediationId: string;
  /** One line a person can read in Slack / the terminal. */
  summary: string;
  target: ExecutionTarget;
  calls: PlannedCall[];
  /** True while no catalog entry exists for the remediation id: nothing real would run. */
  placeholder?: boolean;
}
