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
