import { Unknown } from '../../model/unknown';

/**
 * `!Ref OtherResource` or `!GetAtt OtherResource.Attr`: the concrete value is unknown before deploy,
 * but two references to the same logical id are known to be equal (e.g. a NAT gateway and a VPC
 * endpoint in the same `!Ref Vpc`).
 */
export class ResourceReference extends Unknown {
  readonly logicalId: string;
  readonly attribute: string | undefined;
  constructor(logicalId: string, attribute?: string) {
    super(
      attribute
        ? `value of ${logicalId}.${attribute} is known only after deploy`
        : `reference to ${logicalId}`,
    );
    this.logicalId = logicalId;
    this.attribute = attribute;
  }
  override toJSON(): string {
    return this.attribute ? `<GetAtt ${this.logicalId}.${this.attribute}>` : `<Ref ${this.logicalId}>`;
  }
}

/**
 * A parameter or pseudo parameter whose value is set at deploy time; `source` names it, so a string
 * built from it can say what it depends on.
 */
export class DeployTimeValue extends Unknown {
  /** `parameter BucketSuffix (default "logs")`, `pseudo parameter AWS::Region`. */
  readonly source: string;
  constructor(source: string, reason: string) {
    super(reason);
    this.source = source;
  }
}

/**
 * Equality that understands references: same literal, or references to the same logical id.
 * Returns Unknown when one side cannot be compared.
 */
export function sameValue(a: unknown, b: unknown): boolean | Unknown {
  if (a instanceof ResourceReference && b instanceof ResourceReference) {
    return a.logicalId === b.logicalId && a.attribute === b.attribute;
  }
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  return a === b;
}

/**
 * A string only partly known before deploy, e.g. `!Sub com.amazonaws.${AWS::Region}.s3`: the literal
 * parts are certain, so a rule can still check that a VPC endpoint's service ends in `.s3`.
 */
export class PartialString extends Unknown {
  /** Literal text and Unknown pieces, in order. */
  readonly parts: ReadonlyArray<string | Unknown>;
  /**
   * `fn` is the intrinsic that built the string (`Fn::Sub`, `Fn::Join`): the reason names it and what
   * its unknown pieces depend on, e.g. `Fn::Sub depends on parameter BucketSuffix`.
   */
  constructor(parts: ReadonlyArray<string | Unknown>, fn = 'partly known string') {
    super(`${fn} depends on ${dependencies(parts).join(', ')}`);
    this.parts = parts;
  }
  /** The literal text after the last unknown piece. */
  get knownSuffix(): string {
    const index = this.parts.findLastIndex((p) => typeof p !== 'string');
    return this.parts.slice(index + 1).join('');
  }
  /** The literal text before the first unknown piece. */
  get knownPrefix(): string {
    const index = this.parts.findIndex((p) => typeof p !== 'string');
    return this.parts.slice(0, index < 0 ? undefined : index).join('');
  }
  override toJSON(): string {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shows the unknown piece the way Fn::Sub writes it
    return this.parts.map((p) => (typeof p === 'string' ? p : '${?}')).join('');
  }
}

/** What the unknown pieces of a string depend on, each named once, in order of first use. */
function dependencies(parts: ReadonlyArray<string | Unknown>): string[] {
  const names = new Set<string>();
  for (const part of parts) {
    if (typeof part === 'string') continue;
    if (part instanceof PartialString) for (const name of dependencies(part.parts)) names.add(name);
    else if (part instanceof DeployTimeValue) names.add(part.source);
    else if (part instanceof ResourceReference)
      names.add(
        part.attribute ? `attribute ${part.logicalId}.${part.attribute}` : `resource ${part.logicalId}`,
      );
    else names.add(part.reason);
  }
  return [...names];
}

/** True when the string (or the certain end of a partly known one) ends with `suffix`. */
export function endsWithKnown(value: unknown, suffix: string): boolean | Unknown {
  if (typeof value === 'string') return value.endsWith(suffix);
  if (value instanceof PartialString) {
    const known = value.knownSuffix;
    if (known.endsWith(suffix)) return true;
    // The certain tail already differs from the wanted one: no deploy-time value can fix that.
    if (!suffix.endsWith(known)) return false;
    return value;
  }
  if (value instanceof Unknown) return value;
  return false;
}
