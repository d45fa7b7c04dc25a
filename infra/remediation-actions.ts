import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

/**
 * The IAM actions the remediation catalog declares (the member-account remediation role is granted
 * exactly these). The catalog lives in `functions/rulebook/remediations/` and exports
 * `remediationIamActions()` from its `index.ts`; it is written on another branch in parallel, so this
 * hook loads it only when it is present and returns `[]` (a role with no permissions) otherwise.
 *
 * Once the branches are merged, replace the body with the static import:
 *   `export { remediationIamActions } from '../functions/rulebook/remediations/index';`
 */
const CATALOG = join(__dirname, '..', 'functions', 'rulebook', 'remediations', 'index.ts');

export function remediationIamActions(): string[] {
  if (!existsSync(CATALOG)) return [];
  // tsx's require loads the TypeScript module the same way under `cdk synth` (tsx) and vitest.
  const catalog = tsxRequire(CATALOG, __filename) as { remediationIamActions?: () => unknown };
  if (typeof catalog.remediationIamActions !== 'function') {
    throw new Error(`${CATALOG} does not export remediationIamActions()`);
  }
  const actions: unknown = catalog.remediationIamActions();
  if (
    !Array.isArray(actions) ||
    !actions.every((a) => typeof a === 'string' && /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a))
  ) {
    throw new Error('remediationIamActions() must return exact IAM actions like "s3:PutBucketVersioning"');
  }
  return [...new Set(actions as string[])].sort();
}
