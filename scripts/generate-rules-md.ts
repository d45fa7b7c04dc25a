/**
 * Writes RULES.md from the rule registry and `functions/rulebook/not-automatable.ts`
 * (`npm run generate`). A test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../functions/cli/rules-markdown';
import type { AnyRule } from '../functions/rulebook/rule';
import { RULES } from '../functions/rulebook/rules/index';

export const RULES_MD_PATH = join(__dirname, '..', 'RULES.md');

export function rulesMdSource(): string {
  return rulesMarkdown(Object.values(RULES) as AnyRule[]);
}

if (require.main === module) {
  writeFileSync(RULES_MD_PATH, rulesMdSource());
  console.log('RULES.md written');
}
