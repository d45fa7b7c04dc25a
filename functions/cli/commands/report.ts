import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FileStore } from '../../adapters/local/file-store';
import { FixtureAccountDirectory } from '../../adapters/local/fixture-account-directory';
import { OutReportStore } from '../../adapters/local/out-report-store';
import type { AccountInfo } from '../../ports/inventory-source';
import { buildReport } from '../../report/build';
import { gatherReportInput } from '../../report/gather';
import { announceReport } from '../../report/headline';
import { formatIsoWeek, isoWeekOf, parseIsoWeek, weekStart } from '../../report/iso-week';
import { renderReportFiles } from '../../report/render';
import { InputError, UsageError } from '../errors';
import type { CommandContext } from './shared';

interface ReportOptions {
  from: string;
  out: string;
  week?: string;
  accounts?: string;
}

/**
 * `compliance-bot report --from .local-state [--out out] [--week 2026-W47]`: the weekly report from the
 * local store (what `npm start` keeps), written as `out/reports/YYYY/Www/{index.html,report.md,report.json}`.
 * It only reads the state folder. Cost data needs AWS, so that section says it is unavailable.
 */
export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description('Write the weekly Well-Architected report (HTML, Markdown, JSON) from a local state folder')
    .option('--from <dir>', 'state folder written by `npm start`', '.local-state')
    .option('--out <dir>', 'where reports/YYYY/Www/ is written', 'out')
    .option('--week <week>', 'ISO week to report on, e.g. 2026-W47 (default: this week)')
    .option(
      '--accounts <file>',
      'JSON list of {accountId, name, organizationalUnit} for the accounts section',
    )
    .action(async (options: ReportOptions) => {
      if (!existsSync(join(options.from, 'state.json'))) {
        throw new InputError(
          options.from,
          'no state.json here: run `npm start` first, or name the state folder',
        );
      }
      let week: ReturnType<typeof parseIsoWeek>;
      try {
        week = options.week ? parseIsoWeek(options.week) : isoWeekOf(new Date());
      } catch (error) {
        throw new UsageError(`--week: ${(error as Error).message}`);
      }
      // A week that has not started has nothing to report (and its report would be overwritten later).
      if (weekStart(week).getTime() > Date.now()) {
        throw new UsageError(
          `--week: ${formatIsoWeek(week)} has not started yet (this week is ${formatIsoWeek(isoWeekOf(new Date()))})`,
        );
      }
      const store = FileStore.open(options.from);
      const accounts = options.accounts ? readAccounts(options.accounts) : undefined;
      const model = buildReport(
        await gatherReportInput(
          {
            findings: store.findings,
            history: store.history,
            suppressions: store.suppressions,
            audit: store.audit,
            ...(accounts ? { accounts: new FixtureAccountDirectory(accounts) } : {}),
          },
          week,
          new Date(),
        ),
      );
      const reports = new OutReportStore(options.out);
      const files = renderReportFiles(model);
      await reports.put(files);
      const link = (await reports.linkTo(files[0]!.key)).url;
      ctx.io.stdout.write(`${announceReport(model, link).text}\n`);
      for (const file of files.slice(1))
        ctx.io.stdout.write(`       ${(await reports.linkTo(file.key)).url}\n`);
      ctx.io.stderr.write(`report for ${formatIsoWeek(week)} written\n`);
    });
}

function readAccounts(file: string): AccountInfo[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, `cannot read the accounts file: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a?.accountId === 'string')) {
    throw new InputError(file, 'expected a JSON list of objects with an "accountId"');
  }
  return parsed as AccountInfo[];
}
