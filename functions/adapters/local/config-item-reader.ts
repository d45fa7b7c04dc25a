import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';
import type { Output } from './terminal-notifier';

/** At most this many resources are remembered (the latest seen win): a long replay stays bounded. */
const KEEP = 1000;

type ConfigItem = Record<string, unknown>;

/** The resource types whose Config item answers a read (see `answer`): only these are remembered. */
const ANSWERED_TYPES: ReadonlySet<string> = new Set(['AWS::S3::Bucket']);

/** The Config item of an EventBridge "Config Configuration Item Change" event a reader would keep. */
export function rememberedItem(event: unknown): ConfigItem | undefined {
  const item = (event as { detail?: { configurationItem?: unknown } } | null)?.detail?.configurationItem;
  if (typeof item !== 'object' || item === null) return undefined;
  const { resourceType } = item as ConfigItem;
  return typeof resourceType === 'string' && ANSWERED_TYPES.has(resourceType)
    ? (item as ConfigItem)
    : undefined;
}

/**
 * The local stand-in for a remediation plan's reads (`prepare`): in AWS, Plan reads the resource's
 * current state through the read-only member role; locally there is no account, so the reads the
 * Config item of the same resource can answer are answered from the latest item this run triaged
 * (S3 `GetBucketPolicy` and `GetPublicAccessBlock` from its `supplementaryConfiguration`), and the
 * plan is built on the resource as the replay left it, not on an empty one. Other reads go to the
 * dry-run executor (printed, `{ dryRun: true }`).
 */
export class ConfigItemReader implements RemediationExecutor {
  private readonly items = new Map<string, ConfigItem>();

  constructor(
    private readonly fallback: RemediationExecutor,
    private readonly out?: Output,
  ) {}

  /**
   * Keeps the Config item of an EventBridge "Config Configuration Item Change" event, if it has one
   * a read can be answered from (parallel replays hand every worker the items of the others' events).
   */
  remember(event: unknown): void {
    const item = rememberedItem(event);
    if (!item) return;
    const { resourceType, resourceName, resourceId } = item;
    const key = `${resourceType}|${typeof resourceName === 'string' ? resourceName : resourceId}`;
    this.items.delete(key);
    this.items.set(key, item as ConfigItem);
    if (this.items.size > KEEP) this.items.delete(this.items.keys().next().value!);
  }

  async execute(target: ExecutionTarget, calls: readonly PlannedCall[]) {
    const results: Array<{ call: PlannedCall; output: unknown }> = [];
    for (const call of calls) {
      const answered = this.answer(call);
      if (answered) {
        this.out?.write(
          `   read ${call.service}.${call.operation} from the Config item of ${answered.resource} (captured ${answered.capturedAt})\n`,
        );
        results.push({ call, output: answered.output });
      } else {
        results.push(...(await this.fallback.execute(target, [call])));
      }
    }
    return results;
  }

  private answer(call: PlannedCall): { output: unknown; resource: string; capturedAt: string } | undefined {
    if (call.service !== 'S3' || typeof call.input.Bucket !== 'string') return undefined;
    const read = S3_READS[call.operation];
    const item = read && this.items.get(`AWS::S3::Bucket|${call.input.Bucket}`);
    if (!read || !item) return undefined;
    const supplementary = (item.supplementaryConfiguration ?? {}) as Record<string, unknown>;
    const found = read.from(supplementary);
    const output =
      found ?? (call.allowErrors?.includes(read.missingError) ? { $error: read.missingError } : undefined);
    if (!output) return undefined;
    return { output, resource: call.input.Bucket, capturedAt: String(item.configurationItemCaptureTime) };
  }
}

const PUBLIC_ACCESS_FLAGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
];

/**
 * The S3 reads a bucket's Config item answers: where its supplementary configuration holds the
 * answer, shaped as the SDK returns it, and the error S3 gives when the bucket has none.
 */
const S3_READS: Record<string, { from(s: Record<string, unknown>): unknown; missingError: string }> = {
  GetBucketPolicy: {
    from(s) {
      const policyText = (s.BucketPolicy as { policyText?: unknown } | undefined)?.policyText;
      return typeof policyText === 'string' ? { Policy: policyText } : undefined;
    },
    missingError: 'NoSuchBucketPolicy',
  },
  GetPublicAccessBlock: {
    // Config spells the settings either camelCase or as S3's XML (PascalCase, with an xmlns key).
    from(s) {
      const pab = s.PublicAccessBlockConfiguration as Record<string, unknown> | undefined;
      if (typeof pab !== 'object' || pab === null) return undefined;
      const config: Record<string, boolean> = {};
      for (const flag of PUBLIC_ACCESS_FLAGS) {
        const value = pab[flag] ?? pab[flag[0]!.toLowerCase() + flag.slice(1)];
        config[flag] = value === true || value === 'true';
      }
      return { PublicAccessBlockConfiguration: config };
    },
    missingError: 'NoSuchPublicAccessBlockConfiguration',
  },
};
