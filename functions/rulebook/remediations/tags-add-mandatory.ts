import type { PlannedCall } from '../../ports/remediation-executor';
import { stableStringify } from '../../shared/fingerprint';
import * as z from '../../shared/zod';
import type { Finding } from '../model/finding';
import type { RemediationParams } from './remediation';
import {
  defineRemediation,
  evidenceString,
  evidenceStringArray,
  field,
  isCallError,
  nonEmptyString,
  notFixed,
  ok,
  RemediationPlanError,
  withPrecondition,
} from './remediation';

/**
 * Adds the missing mandatory tags with the configured default values (`params.tagDefaults`), using
 * each service's own tagging API; existing tags are never changed. S3 replaces a bucket's whole tag
 * set, so for buckets `prepare` reads the current set and the plan writes it back merged; that write
 * carries the read as its precondition (Remediate reads the set again right before writing and
 * refuses with `StalePlanError` if it changed since the plan, so tags set meanwhile are not lost).
 * Supported types: AWS::S3::Bucket, AWS::EC2::* (CreateTags), AWS::RDS::DBInstance / DBCluster (needs
 * `resource.arn`), AWS::IAM::Role / User, AWS::KMS::Key.
 * Evidence: `missingTags` (required string[]: the mandatory keys absent on the resource).
 * `writeInputs`: IAM cannot restrict the tag set PutBucketTagging writes (it replaces the whole set),
 * so the executor accepts only `Bucket` and a `Tagging.TagSet` of 1 to 50 `{ Key, Value }` pairs with
 * distinct keys (never `ExpectedBucketOwner`, checksums or other fields). `writeMatchesRead`: the
 * set must be the one the precondition re-reads from the same bucket right before the write, as
 * read, followed by tags with new keys, so a forged plan cannot drop or change a tag. What the added
 * keys and values are (the missing mandatory keys, the configured defaults) the executor cannot know.
 */
const ID = 'tags-add-mandatory';

type Kind = 's3' | 'ec2' | 'rds' | 'iam-role' | 'iam-user' | 'kms';

function kindOf(finding: Finding): Kind {
  const type = finding.resource.type;
  if (type === 'AWS::S3::Bucket') return 's3';
  if (type.startsWith('AWS::EC2::')) return 'ec2';
  if (type === 'AWS::RDS::DBInstance' || type === 'AWS::RDS::DBCluster') return 'rds';
  if (type === 'AWS::IAM::Role') return 'iam-role';
  if (type === 'AWS::IAM::User') return 'iam-user';
  if (type === 'AWS::KMS::Key') return 'kms';
  throw new RemediationPlanError(ID, `tagging ${type} is not supported; tag it in its template`);
}

function tagsToAdd(finding: Finding, params: RemediationParams): Array<{ Key: string; Value: string }> {
  const missing = evidenceStringArray(ID, finding, 'missingTags');
  const noDefault = missing.filter((key) => typeof params.tagDefaults?.[key] !== 'string');
  if (noDefault.length > 0) {
    throw new RemediationPlanError(
      ID,
      `no configured default value for tag(s) ${noDefault.join(', ')}`,
      noDefault,
    );
  }
  return missing.map((key) => ({ Key: key, Value: params.tagDefaults![key]! }));
}

function rdsArn(finding: Finding): string {
  const arn = finding.resource.arn;
  if (!arn) throw new RemediationPlanError(ID, 'RDS tagging needs the resource ARN', ['resource.arn']);
  return arn;
}

function readTags(finding: Finding): PlannedCall {
  const id = finding.resource.id;
  switch (kindOf(finding)) {
    case 's3':
      return {
        service: 'S3',
        operation: 'GetBucketTagging',
        input: { Bucket: evidenceString(ID, finding, 'bucketName', ['name', 'id']) },
        iamAction: 's3:GetBucketTagging',
        allowErrors: ['NoSuchTagSet'],
      };
    case 'ec2':
      return {
        service: 'EC2',
        operation: 'DescribeTags',
        input: { Filters: [{ Name: 'resource-id', Values: [id] }] },
        iamAction: 'ec2:DescribeTags',
      };
    case 'rds':
      return {
        service: 'RDS',
        operation: 'ListTagsForResource',
        input: { ResourceName: rdsArn(finding) },
        iamAction: 'rds:ListTagsForResource',
      };
    case 'iam-role':
      return {
        service: 'IAM',
        operation: 'ListRoleTags',
        input: { RoleName: finding.resource.name ?? id },
        iamAction: 'iam:ListRoleTags',
      };
    case 'iam-user':
      return {
        service: 'IAM',
        operation: 'ListUserTags',
        input: { UserName: finding.resource.name ?? id },
        iamAction: 'iam:ListUserTags',
      };
    case 'kms':
      return {
        service: 'KMS',
        operation: 'ListResourceTags',
        input: { KeyId: finding.resource.arn ?? id },
        iamAction: 'kms:ListResourceTags',
      };
  }
}

/**
 * `input` is what `plan` writes given `current` (the tag set `read` returns from the same bucket):
 * every tag of `current`, unchanged and in order, then at least one added tag (whose key is new:
 * the `writeInputs` schema requires distinct keys).
 */
function isPlannedTagSet(
  input: Readonly<Record<string, unknown>>,
  read: Omit<PlannedCall, 'precondition'>,
  current: unknown,
): boolean {
  const written = field(input, 'Tagging', 'TagSet');
  const existing = isCallError(current) ? [] : (field(current, 'TagSet') ?? []);
  return (
    read.operation === 'GetBucketTagging' &&
    read.input.Bucket === input.Bucket &&
    Array.isArray(written) &&
    Array.isArray(existing) &&
    written.length > existing.length &&
    stableStringify(written.slice(0, existing.length)) === stableStringify(existing)
  );
}

function distinctKeys(tags: ReadonlyArray<{ Key: string }>): boolean {
  return new Set(tags.map((tag) => tag.Key)).size === tags.length;
}

/** Tag keys present in any of the read shapes: TagSet / Tags / TagList ({Key}) or KMS ({TagKey}). */
function presentKeys(output: unknown): Set<string> {
  const list = field(output, 'TagSet') ?? field(output, 'Tags') ?? field(output, 'TagList');
  const keys = new Set<string>();
  if (Array.isArray(list)) {
    for (const tag of list) {
      const key = field(tag, 'Key') ?? field(tag, 'TagKey');
      if (typeof key === 'string') keys.add(key);
    }
  }
  return keys;
}

export default defineRemediation({
  id: ID,
  title: 'Add the missing mandatory tags with their default values',
  destructive: false,
  writeActions: [
    's3:PutBucketTagging',
    'ec2:CreateTags',
    'rds:AddTagsToResource',
    'iam:TagRole',
    'iam:TagUser',
    'kms:TagResource',
  ],
  readActions: [
    's3:GetBucketTagging',
    'ec2:DescribeTags',
    'rds:ListTagsForResource',
    'iam:ListRoleTags',
    'iam:ListUserTags',
    'kms:ListResourceTags',
  ],
  recheckActions: ['s3:GetBucketTagging'],
  writeInputs: {
    PutBucketTagging: z.strictObject({
      Bucket: nonEmptyString(),
      Tagging: z.strictObject({
        TagSet: z
          .array(z.strictObject({ Key: nonEmptyString(), Value: z.string() }))
          .check(z.minLength(1), z.maxLength(50), z.refine(distinctKeys)),
      }),
    }),
  },
  writeMatchesRead: { PutBucketTagging: isPlannedTagSet },
  evidenceKeys: ['missingTags'],
  prepare(finding) {
    return kindOf(finding) === 's3' ? [readTags(finding)] : [];
  },
  plan(finding, params): PlannedCall[] {
    const tags = tagsToAdd(finding, params);
    const id = finding.resource.id;
    switch (kindOf(finding)) {
      case 's3': {
        if (!params.prepared) {
          throw new RemediationPlanError(ID, 'the current bucket tags must be read first (run prepare)', [
            'prepared',
          ]);
        }
        const current = params.prepared[0];
        const existing = isCallError(current)
          ? []
          : ((field(current, 'TagSet') as unknown[] | undefined) ?? []);
        // The whole set is written back: existing tags as read, then only the keys still missing.
        const added = tags.filter((tag) => !existing.some((t) => field(t, 'Key') === tag.Key));
        if (added.length === 0) return [];
        return [
          withPrecondition(
            {
              service: 'S3',
              operation: 'PutBucketTagging',
              input: {
                Bucket: evidenceString(ID, finding, 'bucketName', ['name', 'id']),
                Tagging: { TagSet: [...existing, ...added] },
              },
              iamAction: 's3:PutBucketTagging',
            },
            readTags(finding),
            current,
          ),
        ];
      }
      case 'ec2':
        return [
          {
            service: 'EC2',
            operation: 'CreateTags',
            input: { Resources: [id], Tags: tags },
            iamAction: 'ec2:CreateTags',
          },
        ];
      case 'rds':
        return [
          {
            service: 'RDS',
            operation: 'AddTagsToResource',
            input: { ResourceName: rdsArn(finding), Tags: tags },
            iamAction: 'rds:AddTagsToResource',
          },
        ];
      case 'iam-role':
        return [
          {
            service: 'IAM',
            operation: 'TagRole',
            input: { RoleName: finding.resource.name ?? id, Tags: tags },
            iamAction: 'iam:TagRole',
          },
        ];
      case 'iam-user':
        return [
          {
            service: 'IAM',
            operation: 'TagUser',
            input: { UserName: finding.resource.name ?? id, Tags: tags },
            iamAction: 'iam:TagUser',
          },
        ];
      case 'kms':
        return [
          {
            service: 'KMS',
            operation: 'TagResource',
            input: {
              KeyId: finding.resource.arn ?? id,
              Tags: tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
            },
            iamAction: 'kms:TagResource',
          },
        ];
    }
  },
  verify: {
    read(finding) {
      return [readTags(finding)];
    },
    check([output], finding) {
      const missing = evidenceStringArray(ID, finding, 'missingTags');
      const present = presentKeys(isCallError(output) ? undefined : output);
      const still = missing.filter((key) => !present.has(key));
      return still.length === 0
        ? ok('All mandatory tags are present')
        : notFixed(`Still missing: ${still.join(', ')}`);
    },
  },
});
