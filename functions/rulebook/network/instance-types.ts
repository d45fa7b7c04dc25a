/**
 * EC2 instance family facts. Previous generation: the families AWS lists under "Previous generation
 * instances" (EC2 User Guide). Graviton: the Arm64 families, and the Graviton family that replaces an
 * x86 family of the same class (general purpose, compute, memory, burstable, storage, GPU).
 */
const PREVIOUS_GENERATION: ReadonlyMap<string, string> = new Map([
  ['t1', 't3 or t4g'],
  ['t2', 't3 or t4g'],
  ['m1', 'm7i or m7g'],
  ['m2', 'r7i or r7g'],
  ['m3', 'm7i or m7g'],
  ['m4', 'm7i or m7g'],
  ['c1', 'c7i or c7g'],
  ['c3', 'c7i or c7g'],
  ['c4', 'c7i or c7g'],
  ['cc2', 'c7i or c7g'],
  ['cr1', 'r7i or r7g'],
  ['r3', 'r7i or r7g'],
  ['r4', 'r7i or r7g'],
  ['i2', 'i4i or i4g'],
  ['hi1', 'i4i or i4g'],
  ['hs1', 'd3'],
  ['d2', 'd3'],
  ['g2', 'g5 or g5g'],
  ['g3', 'g5 or g5g'],
  ['p2', 'p3 or later'],
]);

const GRAVITON_FAMILIES = new Set([
  'a1',
  't4g',
  'm6g',
  'm6gd',
  'm7g',
  'm7gd',
  'm8g',
  'm8gd',
  'c6g',
  'c6gd',
  'c6gn',
  'c7g',
  'c7gd',
  'c7gn',
  'c8g',
  'c8gd',
  'r6g',
  'r6gd',
  'r7g',
  'r7gd',
  'r8g',
  'r8gd',
  'x2gd',
  'x8g',
  'im4gn',
  'is4gen',
  'i4g',
  'i8g',
  'g5g',
  'hpc7g',
]);

const GRAVITON_EQUIVALENT: ReadonlyMap<string, string> = new Map([
  ...['t2', 't3', 't3a'].map((f) => [f, 't4g'] as const),
  ...['m4', 'm5', 'm5a', 'm5n', 'm6i', 'm6a', 'm7i', 'm7a', 'm7i-flex'].map((f) => [f, 'm7g'] as const),
  ...['m5d', 'm5ad', 'm6id', 'm5dn'].map((f) => [f, 'm7gd'] as const),
  ...['c4', 'c5', 'c5a', 'c6i', 'c6a', 'c7i', 'c7a', 'c7i-flex'].map((f) => [f, 'c7g'] as const),
  ...['c5d', 'c5ad', 'c6id'].map((f) => [f, 'c7gd'] as const),
  ...['c5n', 'c6in'].map((f) => [f, 'c7gn'] as const),
  ...['r4', 'r5', 'r5a', 'r5n', 'r6i', 'r6a', 'r7i', 'r7a'].map((f) => [f, 'r7g'] as const),
  ...['r5d', 'r5ad', 'r6id', 'r5dn'].map((f) => [f, 'r7gd'] as const),
  ...['x1', 'x1e', 'x2idn', 'x2iedn'].map((f) => [f, 'x2gd'] as const),
  ...['i3', 'i4i'].map((f) => [f, 'i4g'] as const),
  ...['i3en'].map((f) => [f, 'im4gn or is4gen'] as const),
  ['g4dn', 'g5g'],
]);

/** `m5.large` -> `m5`; `m7i-flex.large` -> `m7i-flex`; `db.` prefixes are not EC2 types. */
export function familyOf(instanceType: string): string {
  const dot = instanceType.indexOf('.');
  return (dot < 0 ? instanceType : instanceType.slice(0, dot)).toLowerCase();
}

export function previousGenerationReplacement(family: string): string | undefined {
  return PREVIOUS_GENERATION.get(family);
}

export function isGravitonFamily(family: string): boolean {
  return GRAVITON_FAMILIES.has(family);
}

export function gravitonEquivalent(family: string): string | undefined {
  return GRAVITON_EQUIVALENT.get(family);
}
