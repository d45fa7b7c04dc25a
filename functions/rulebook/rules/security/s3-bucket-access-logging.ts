import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { ResourceReference } from '../../normalizers/cloudformation/reference';
import { defineRule } from '../../rule';

export default defineRule({
  id: 's3-bucket-access-logging',
  title: 'S3 buckets log server access requests',
  pillar: 'security',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: { seed: '000', section: 'Security References / 4. Monitoring & Logging' },
  rationale:
    'CloudTrail records object-level reads only when data events are on (they cost extra); server access logs ' +
    'record every request, including anonymous and denied ones, which is what an incident responder asks for first.',
  recommendation:
    'Set LoggingConfiguration with DestinationBucketName pointing to a central log bucket (that bucket itself ' +
    'does not log to avoid a loop), or enable CloudTrail S3 data events for the bucket.',
  expectedImpact: 'Each request to the bucket can be traced to a caller, time and source address.',
  references: { securityHub: ['S3.9'], configRules: ['S3_BUCKET_LOGGING_ENABLED'] },
  evaluate(bucket: S3Bucket, ctx) {
    const enabled = bucket.loggingEnabled ?? bucket.loggingTarget !== undefined;
    if (enabled instanceof Unknown) return unknown('Server access logging is set at deploy time', enabled);
    if (!enabled) {
      const source = logSourceOf(bucket, ctx.inventory.ofType<S3Bucket>('AWS::S3::Bucket'));
      if (source) {
        return notApplicable(
          `The bucket receives the server access logs of ${source}; logging it would loop`,
        );
      }
      return fail('Server access logging is off', { loggingTarget: null });
    }
    const target = bucket.loggingTarget;
    return pass(
      typeof target === 'string' ? `Server access logs go to ${target}` : 'Server access logging is on',
      typeof target === 'string' ? { loggingTarget: target } : undefined,
    );
  },
});

/** Another bucket in scope that sends its access logs here (by `!Ref` in a template, by name in Config). */
function logSourceOf(bucket: S3Bucket, buckets: readonly S3Bucket[]): string | undefined {
  // A lone Config item has no buckets in scope: nothing to index (the common case on the hot path).
  if (buckets.length === 0) return undefined;
  const senders = logSenders(buckets);
  const candidates = [
    bucket.source === 'cloudformation' ? senders.byRef.get(bucket.id) : undefined,
    bucket.name !== undefined ? senders.byName.get(bucket.name) : undefined,
    senders.byName.get(bucket.id),
  ];
  let first: [number, S3Bucket] | undefined;
  for (const list of candidates) {
    const sender = list?.find(([, other]) => other !== bucket);
    if (sender && (first === undefined || sender[0] < first[0])) first = sender;
  }
  return first ? (first[1].name ?? first[1].id) : undefined;
}

interface LogSenders {
  /** Buckets (with their position in scope) whose logging target is `!Ref <logical id>`. */
  byRef: Map<string, Array<[number, S3Bucket]>>;
  /** Buckets whose logging target is this literal bucket name (or id). */
  byName: Map<string, Array<[number, S3Bucket]>>;
}

/**
 * The buckets of a scope by where they send their access logs, built once per scope (the inventory
 * hands every rule call the same list): looking each bucket up instead of scanning all the others
 * keeps a scope of n buckets linear, not quadratic.
 */
const SENDERS = new WeakMap<readonly S3Bucket[], LogSenders>();

function logSenders(buckets: readonly S3Bucket[]): LogSenders {
  let senders = SENDERS.get(buckets);
  if (senders) return senders;
  senders = { byRef: new Map(), byName: new Map() };
  buckets.forEach((other, index) => {
    const target = other.loggingTarget;
    const map = target instanceof ResourceReference ? senders.byRef : senders.byName;
    const key = target instanceof ResourceReference ? target.logicalId : target;
    if (typeof key !== 'string') return;
    const list = map.get(key);
    if (list) list.push([index, other]);
    else map.set(key, [[index, other]]);
  });
  SENDERS.set(buckets, senders);
  return senders;
}
