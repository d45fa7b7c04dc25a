import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { breakLongWords, fitColumns, severityText, tableWidth } from '../formats/table';
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
      const book = ctx.ruleBook(ruleBookConfig(options.config, ctx));
      const entries = catalogOf(book).map((e) => ({
        ...e,
        severity: book.config.severityOverrides[e.id] ?? e.severity,
      }));
      if (options.format === 'json') {
        ctx.io.stdout.write(`${JSON.stringify({ rules: entries }, null, 2)}\n`);
        return;
      }
      const c = colorsFor(ctx.io.stdout, ctx.io.env);
      const [ruleW, pillarW, inputsW, seedW] = ruleColumns(
        ctx.io.stdout.columns ?? (Number(ctx.io.env.COLUMNS) || undefined),
        Math.max(20, ...entries.map((e) => e.id.length)) + 2,
      );
      const table = new Table({
        head: ['rule', 'pillar / severity', 'inputs', 'seed, references'].map((h) => c.bold(h)),
        style: { head: [], border: [] },
        wordWrap: true,
        colWidths: [ruleW, pillarW, inputsW, seedW],
      });
      for (const e of entries) {
        const title = breakLongWords(e.title, ruleW - 2);
        const fix = e.remediation ? breakLongWords(`fix: ${e.remediation}`, ruleW - 2) : '';
        table.push([
          [breakLongWords(e.id, ruleW - 2), c.dim(title), fix].filter(Boolean).join('\n'),
          `${breakLongWords(e.pillar, pillarW - 2)}\n${severityText(e.severity, c)}`,
          breakLongWords(inputsText(e), inputsW - 2),
          breakLongWords(
            [`${e.seed.seed}: ${e.seed.section}`, referencesText(e)].filter(Boolean).join('\n'),
            seedW - 2,
          ),
        ]);
      }
      ctx.io.stdout.write(`${table.toString()}\n${entries.length} rules\n`);
    });
}

/**
 * Column widths for a terminal `columns` wide (160 when not known): the rule column fits the longest
 * id, up to a third; on a narrow terminal the columns give up width so the table still fits.
 */
function ruleColumns(columns: number | undefined, idWidth: number): [number, number, number, number] {
  const width = tableWidth(Math.min(columns ?? 160, 200));
  const total = Math.max(90, width) - 5;
  const pillar = 24;
  const rule = Math.min(idWidth, Math.floor(total * 0.34));
  const rest = Math.max(40, total - rule - pillar);
  const wanted = [rule, pillar, Math.floor(rest * 0.4), rest - Math.floor(rest * 0.4)];
  return fitColumns(width, wanted, [
    [3, 20],
    [2, 14],
    [0, 20],
    [1, 14],
    [3, 14],
    [2, 12],
    [0, 14],
  ]) as [number, number, number, number];
}
