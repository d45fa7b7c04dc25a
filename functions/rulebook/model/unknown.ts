/**
 * A value the scanner cannot know: hidden behind an intrinsic function it cannot resolve
 * (`!Ref SomeParameter`, `!GetAtt`, `!ImportValue`), or missing from an oversized configuration item.
 * Rules that meet one return `unknown`, never a false pass or a false fail.
 */
export class Unknown {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
  toJSON(): string {
    return `<unknown: ${this.reason}>`;
  }
}

/** A field of a normalized resource: the value, `undefined` when known to be absent, or `Unknown`. */
export type Maybe<T> = T | Unknown;

export function unknownValue(reason: string): Unknown {
  return new Unknown(reason);
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** The first Unknown among the given values, if any: handy for "any input unknown => result unknown". */
export function firstUnknown(...values: unknown[]): Unknown | undefined {
  for (const value of values) if (value instanceof Unknown) return value;
  return undefined;
}
