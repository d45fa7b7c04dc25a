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
  constructor(parts: ReadonlyArray<string | Unknown>) {
    super(`partly known string ${parts.map((p) => (typeof p === 'string' ? p : '*')).join('')}`);
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
