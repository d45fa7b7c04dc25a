import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { RuleBook } from '../../rulebook/engine';
import { severityText } from '../formats/table';
import { colorsFor } from '../io';
import { configOption, ruleBookConfig } from '../options';
import { catalogOf, inputsText, referencesText } from '../rule-catalog';
import type { CommandContext } from './shared';

export function registerRules(program: Command, ctx: CommandContext): void {
  program
    .command('rules')
    .description('List the rule book: id, title, pillar, severity, inputs, seed reference, remediation')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .addOption(configOption())
    .action((options: { format: 'table' | 'json'; config?: string }) => {
      const book = new RuleBook(undefined, ruleBookConfig(options.config, ctx.io));
      const entries = catalogOf(book).map((e) => ({
        ...e,
        severity: book.config.severityOverrides[e.id] ?? e.severity,
      }));
      if (options.format === 'json') {
        ctx.io.stdout.write(`${JSON.stringify({ rules: entries }, null, 2)}\n`);
        return;
      }
      const c = colorsFor(ctx.io.stdout, ctx.io.env);
      const table = new Table({
        head: ['id', 'pillar', 'severity', 'inputs', 'seed', 'remediation', 'references'].map((h) =>
          c.bold(h),
        ),
        style: { head: [], border: [] },
        wordWrap: true,
        wrapOnWordBoundary: false,
        colWidths: [34, 14, 10, 28, 26, 22, 26],
      });
      for (const e of entries) {
        table.push([
          `${e.id}\n${c.dim(e.title)}`,
          e.pillar,
          severityText(e.severity, c),
          inputsText(e),
          `${e.seed.seed}: ${e.seed.section}`,
          e.remediation ?? '',
          referencesText(e),
        ]);
      }
      ctx.io.stdout.write(`${table.toString()}\n${entries.length} rules\n`);
    });
}
