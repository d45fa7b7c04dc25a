import type { Maybe } from './unknown';

/** Where a normalized subject came from; also the `source` field of a finding. */
export type FindingSource = 'config' | 'cloudtrail' | 'cost' | 'cloudformation' | 'snapshot';

/** Tag values can be unknown when a template sets them with `!Ref`. */
export type Tags = Record<string, Maybe<string>>;

/** Where in a template a resource is declared, for SARIF locations and table output. */
export interface TemplateLocation {
  file: string;
  logicalId: string;
  /** 1-based line of the logical id in the file, when the parser knows it. */
  line?: number;
  /**
   * The resource's `Condition`, when it cannot be decided offline (it depends on a parameter set at
   * deploy time): the resource is checked, but is created only if this condition holds.
   */
  condition?: string;
}

/**
 * Fields every normalized resource has. Each resource type extends this with its own model in
 * `model/resources/<type>.ts`; rules only ever see those models, never raw inputs.
 */
export interface ResourceBase {
  /** CloudFormation / AWS Config type, e.g. `AWS::S3::Bucket`. */
  type: string;
  /** Logical id for templates; resource id (or ARN where that is the id) for Config items. */
  id: string;
  name?: string;
  arn?: string;
  accountId?: string;
  region?: string;
  source: FindingSource;
  location?: TemplateLocation;
  /** `undefined` means "no tags", an `Unknown` means the whole tag list is hidden behind an intrinsic. */
  tags: Maybe<Tags>;
  /**
   * `false` when the type cannot carry tags in this input form (a template's inline
   * `AWS::IAM::Policy`, a configuration recorder): tag rules do not apply. Absent means taggable, so
   * `tags: {}` on a taggable resource is "no tags at all" and fails the mandatory-tag rule.
   */
  taggable?: boolean;
  /** Config items of deleted resources are normalized but no state rule applies to them. */
  deleted?: boolean;
  /**
   * Templates only: property paths (`MasterUserPassword`, `Environment.Variables.DB_PASSWORD`) whose
   * name looks like a password, secret, token or key and whose value is a literal string, not a
   * `{{resolve:secretsmanager|ssm-secure:...}}` dynamic reference and not a parameter. `undefined`
   * when not computed (Config items never carry secret values).
   */
  plaintextSecrets?: string[];
}

/** Identity of a resource, the part of a finding that names what it is about. */
export interface ResourceRef {
  type: string;
  id: string;
  name?: string;
  arn?: string;
  accountId?: string;
  region?: string;
  location?: TemplateLocation;
}

export function refOf(resource: ResourceBase): ResourceRef {
  const { type, id, name, arn, accountId, region, location } = resource;
  return stripUndefined({ type, id, name, arn, accountId, region, location });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
