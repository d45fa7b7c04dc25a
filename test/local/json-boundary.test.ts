import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonValue, jsonValueBounded } from '../../functions/local/json-boundary';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

class Unknown {
  readonly reason = 'not recorded';
  constructor(readonly field: string) {}
  toJSON(key: string) {
    return { unknown: this.field, key };
  }
}

class Plain {
  a = 1;
  b: undefined = undefined;
  get c() {
    return 3;
  }
}

describe('jsonValue (the Lambda boundary of the local runtime)', () => {
  it('gives what a JSON round trip gives, for any JSON-like value', () => {
    // Prepare
    const anything = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    // Act, Assess
    fc.assert(
      fc.property(anything, (value) => {
        const expected = JSON.stringify(value) === undefined ? undefined : roundTrip(value);
        if (expected === undefined) return;
        expect(JSON.stringify(jsonValue(value))).toBe(JSON.stringify(expected));
        expect(jsonValue(value)).toStrictEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('bounds the UTF-8 size of the JSON from above, whatever the value (the state-size check relies on it)', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, fc.string({ unit: 'binary' }), (value, text) => {
        for (const v of [value, { text }, [text, value]]) {
          const json = JSON.stringify(v);
          if (json === undefined) continue;
          const { value: copy, maxBytes } = jsonValueBounded(v);
          expect(copy).toStrictEqual(JSON.parse(json));
          expect(maxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(json, 'utf8'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('calls toJSON with the property key, drops undefined and functions, nulls them in arrays', () => {
    // Prepare
    const value = {
      at: new Date(Date.UTC(2026, 0, 2)),
      owner: new Unknown('owner'),
      list: [undefined, () => 1, Symbol('s'), Number.NaN, -0, Number.POSITIVE_INFINITY, new Unknown('x')],
      gone: undefined,
      fn: () => 1,
      plain: new Plain(),
      map: new Map([[1, 2]]),
      boxed: [new Number(2), new String('s'), new Boolean(false)],
    };
    // Act
    const out = jsonValue(value);
    // Assess
    expect(out).toStrictEqual(roundTrip(value));
    expect(Object.is((out.list as unknown[])[4], 0)).toBe(true);
    expect(Object.getPrototypeOf(out.plain)).toBe(Object.prototype);
  });

  it('keeps a "__proto__" key as an own property, as JSON.parse does', () => {
    // Prepare
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    // Act
    const out = jsonValue(value) as Record<string, unknown>;
    // Assess
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(out).toStrictEqual(roundTrip(value));
  });

  it('copies: changing the result leaves the source alone', () => {
    // Prepare
    const source = { nested: { list: [1, { x: 1 }] } };
    // Act
    const out = jsonValue(source);
    out.nested.list.push(2);
    // Assess
    expect(source.nested.list).toHaveLength(2);
  });

  it('throws where JSON throws (cycles, BigInt)', () => {
    // Prepare
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    // Act, Assess
    expect(() => jsonValue(cycle)).toThrow(TypeError);
    expect(() => jsonValue({ n: 1n })).toThrow(TypeError);
  });

  it('returns undefined for undefined (a Lambda that returns nothing)', () => {
    expect(jsonValue(undefined)).toBeUndefined();
  });
});
