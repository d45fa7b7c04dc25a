import { relative, resolve, sep } from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root: handler entries in the manifest are relative to it. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** The runtime every function uses (and the esbuild target that matches it). */
export const HOUSE_RUNTIME = Runtime.NODEJS_22_X;
export const HOUSE_ESBUILD_TARGET = 'node22';

/**
 * How every handler is bundled: local esbuild only (never Docker), minified, no source maps,
 * `module` before `main` so ESM builds of the SDK, Powertools and middy are picked (about 30% smaller
 * and 25–35% faster to require than the CJS builds; toolchain.md §5).
 *
 * The AWS SDK v3 is **bundled** (`bundleAwsSDK: true`) rather than taken from the Lambda runtime.
 * Measured with `bench/bundles.bench.ts`'s method (fresh Node, require of the bundle, medians), after
 * the move to zod/mini, 2026-11-22. Init is the CPU time of the require: on the shared 2-core machine
 * wall times swung by ±30% between runs, CPU time by a few ms.
 *
 * | SDK | record KB / init CPU ms | notify | build-report | largest bundle |
 * | --- | --- | --- | --- | --- |
 * | bundled, tree-shaken | 411 / 88 | 584 / 103 | 563 / 109 | 1,001 KB (verify) |
 * | all `@aws-sdk/*` from the runtime | 77 / 130 | 186 / 147 | 88 / 175 | 297 KB (verify) |
 * | bundled, minus the credential chain below | 298 / 78 | 487 / 85 | 472 / 102 | 916 KB (verify) |
 *
 * - Taking the SDK from the runtime meets the 300 KB size goal but makes every handler that creates a
 *   client 30–60% slower to start (Node resolves and compiles the untrimmed CJS packages at init);
 *   cold starts are what users wait for, bundle size only costs through them.
 * - Bundled, the code runs with exactly the SDK versions pinned in package.json and exercised by the
 *   tests (the runtime's copy changes under us without notice, and may lag behind the pins).
 * - Mixing per client (some bundled, some from the runtime) loads two copies of `@smithy/core` as
 *   soon as both kinds are used, so the choice is made per package, for code that never or rarely runs:
 *
 * External, from the Lambda runtime's SDK, and loaded only through a lazy `import()`:
 * - `REMEDIATION_ONLY_CLIENTS`: the service clients only the remediation executor uses when an
 *   approved fix runs. Bundled, they tripled the plan/remediate/verify bundles (EC2 alone is over
 *   1 MB) and their cold start, for calls most invocations never make.
 * - `UNUSED_CREDENTIAL_PROVIDERS`: the SSO, shared-ini-file, process and web-identity links of the
 *   SDK's default credential chain. On Lambda the chain stops at its first link, the environment
 *   (the function role's credentials are in `AWS_ACCESS_KEY_ID`/`AWS_SESSION_TOKEN`), so these are
 *   never loaded there; bundled, they and the nested STS/SSO/Sign-in clients they pull in were
 *   about 90 KB of every bundle with a client.
 * - `RARE_PATH_CLIENTS`, per handler: clients that handler loads only on a rare path. Bundled code
 *   behind an `import()` is not evaluated at init but V8 still parses it (about 7 ms of CPU per
 *   100 KB here): with S3 and Config from the runtime, plan went from 658 KB / 87 ms to
 *   281 KB / 60 ms; normalize, whose Config client is now created on the first oversized item, from
 *   350 KB / 65 ms to 119 KB / 32 ms. Verify keeps Config bundled: it creates that client at init,
 *   and from the runtime it was slower (122 -> 145 ms: two copies of the SDK core).
 * Whatever is external must be reached only through an `import()` (a static import would load the
 * runtime's copy at every cold start); test/infra/bundling.test.ts checks this for every handler.
 * `bench/bundles.bench.ts` builds with `esbuildOptions()` below, so the figures are the deployed ones.
 */
export const REMEDIATION_ONLY_CLIENTS = [
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-iam',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-rds',
  '@aws-sdk/client-cloudtrail',
  '@aws-sdk/client-guardduty',
] as const;

export const UNUSED_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
] as const;

/**
 * Per handler entry (relative to the repository root): the SDK clients it reaches only through a lazy
 * `import()` on a rare path, external in that handler's bundle only (other handlers use them on every
 * invocation and keep them bundled).
 * - normalize: Config (and STS for member accounts) only for oversized Config items;
 * - plan, remediate, verify: S3 and Config only through the remediation executor, for the plans on
 *   those services (like `REMEDIATION_ONLY_CLIENTS`); verify creates its Config client at init, so
 *   Config stays bundled there.
 */
export const RARE_PATH_CLIENTS: Readonly<Record<string, readonly string[]>> = {
  'functions/handlers/normalize/index.ts': ['@aws-sdk/client-config-service', '@aws-sdk/client-sts'],
  'functions/handlers/plan/index.ts': ['@aws-sdk/client-s3', '@aws-sdk/client-config-service'],
  'functions/handlers/remediate/index.ts': ['@aws-sdk/client-s3', '@aws-sdk/client-config-service'],
  'functions/handlers/verify/index.ts': ['@aws-sdk/client-s3'],
};

/** The modules left out of one handler's bundle (`entry` relative to the repository root or absolute). */
export function externalModulesFor(entry: string): string[] {
  const key = relative(PROJECT_ROOT, resolve(PROJECT_ROOT, entry)).split(sep).join('/');
  return [...HOUSE_BUNDLING.externalModules, ...(RARE_PATH_CLIENTS[key] ?? [])];
}

export const HOUSE_BUNDLING = {
  minify: true,
  sourceMap: false,
  target: HOUSE_ESBUILD_TARGET,
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  externalModules: [...REMEDIATION_ONLY_CLIENTS, ...UNUSED_CREDENTIAL_PROVIDERS],
  forceDockerBundling: false,
  // esbuild's per-bundle size lines (13 functions × several lines) buried synth's own output;
  // warnings and errors still print.
  logLevel: LogLevel.WARNING,
} as const satisfies BundlingOptions;

/** The esbuild build options equivalent to `HOUSE_BUNDLING` (what NodejsFunction passes on the CLI). */
export function esbuildOptions(entry: string): {
  entryPoints: string[];
  bundle: true;
  platform: 'node';
  target: string;
  format: 'cjs';
  minify: boolean;
  sourcemap: boolean;
  mainFields: string[];
  external: string[];
} {
  return {
    entryPoints: [resolve(PROJECT_ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: HOUSE_BUNDLING.target,
    format: 'cjs',
    minify: HOUSE_BUNDLING.minify,
    sourcemap: HOUSE_BUNDLING.sourceMap,
    mainFields: [...HOUSE_BUNDLING.mainFields],
    external: HOUSE_BUNDLING.bundleAwsSDK ? externalModulesFor(entry) : ['@aws-sdk/*'],
  };
}

export interface CheckerFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/handlers/evaluate/index.ts`. */
  entry: string;
  description?: string;
  /** Powertools service name (also in every log line). */
  serviceName: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  environment?: Record<string, string>;
  timeout: Duration;
  memorySize: number;
  reservedConcurrency?: number;
  logRetention: RetentionDays;
  /** KMS key for the function's log group. */
  logKey: IKey;
}

/**
 * A Lambda function with the house defaults:
 * - `NodejsFunction` bundled by the local esbuild (`HOUSE_BUNDLING`), Node.js 22, arm64;
 * - its own role with no managed policies: only write access to its own log group, X-Ray, and
 *   whatever the caller grants (see `grants.ts`);
 * - an explicit, KMS-encrypted log group with retention (no log group left behind forever);
 * - X-Ray active tracing; Powertools `POWERTOOLS_SERVICE_NAME` / `POWERTOOLS_LOG_LEVEL`;
 * - reserved concurrency only where asked.
 */
export class CheckerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;
  private readonly justifications = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: CheckerFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.serviceName} function`,
    });
    this.role = role;
    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      runtime: HOUSE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      awsSdkConnectionReuse: false,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        ...HOUSE_BUNDLING,
        mainFields: [...HOUSE_BUNDLING.mainFields],
        externalModules: externalModulesFor(props.entry),
      },
    });
    // Only after the function exists: its log group, not `logs:*` on every group.
    this.logGroup.grantWrite(role);

    this.justify(
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) have no resource-level permissions',
    );
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the house runtime: the esbuild target (node22), the pinned Powertools, middy and SDK ' +
        'versions and the tests are validated on it; Node.js 24 is adopted as one deliberate change, not by drift',
    });
    // Reasons are collected (several grants can need the same wildcard) and acknowledged once.
    this.node.addValidation({
      validate: () => {
        this.acknowledgeJustifications();
        return [];
      },
    });
  }

  /**
   * Records why a wildcard on this function's role is needed; all reasons for one cdk-nag finding id
   * are joined into a single acknowledgement on the role.
   */
  justify(findingId: string, reason: string): void {
    const reasons = this.justifications.get(findingId) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    this.justifications.set(findingId, reasons);
  }

  private acknowledged = false;
  private acknowledgeJustifications(): void {
    if (this.acknowledged) return;
    this.acknowledged = true;
    for (const [id, reasons] of this.justifications) {
      Validations.of(this.role).acknowledge({ id, reason: reasons.join('; ') });
    }
  }
}
