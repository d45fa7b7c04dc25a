/**
 * The rule book measurement in a process of its own, bundled by `rulebook.bench.ts` with the
 * Lambdas' `esbuildOptions()`: `node <bundle> <seeds.json>` reads the seed Config items the bench
 * wrote, runs `measureRuleBook` on them and prints its `RuleBookTimes` as JSON.
 */
import { readFileSync } from 'node:fs';
import { measureRuleBook } from './rulebook-measure';

const seedsFile = process.argv[2];
if (!seedsFile) throw new Error('usage: rulebook-worker <seeds.json>');
const seeds = JSON.parse(readFileSync(seedsFile, 'utf8')) as Array<Record<string, unknown>>;
process.stdout.write(`${JSON.stringify(measureRuleBook(seeds))}\n`);
