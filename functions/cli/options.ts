import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_RULE_BOOK_CONFIG, type RuleBookConfig } from '../rulebook/config';
import { SEVERITIES, type Severity } from '../rulebook/model/severity';
import { FORMAT_NAMES, type FormatName } from './formats/index';
import { loadConfigFile } from './inputs/config-file';
import { displayPath } from './inputs/read';
import type { Io } from './io';

/** Options shared by `scan` and `evaluate`. */
export interface ReportOptions {
  format: FormatName;
  failOn: Severity;
  failOnUnknown?: boolean;
  config?: string;
}

/**
 * The options `scan` and `evaluate` share, in the order `--help` lists them: `--format`,
 * `--fail-on`, `--fail-on-unknown`, `--config`.
 */
export function addReportOptions(command: Command): Command {
  return command
    .addOption(formatOption())
    .addOption(failOnOption())
    .addOption(failOnUnknownOption())
    .addOption(configOption());
}

export function formatOption(names: readonly string[] = FORMAT_NAMES): Option {
  return new Option('-f, --format <format>', 'output format').choices(names).default('table');
}

export function failOnOption(): Option {
  return new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
    .choices(SEVERITIES)
    .default('high');
}

export function failOnUnknownOption(): Option {
  return new Option(
    '--fail-on-unknown',
    'also exit 1 when a check at or above --fail-on cannot be decided offline (unknown)',
  );
}

export function configOption(): Option {
  return new Option('-c, --config <file>', 'rule book configuration (YAML or JSON), see docs/cli.md');
}

/** `--config FILE` loaded and validated, rule ids against the rules this run knows. */
export function ruleBookConfig(
  file: string | undefined,
  { io, ruleIds }: { io: Io; ruleIds: ReadonlySet<string> },
): RuleBookConfig {
  if (file === undefined) return DEFAULT_RULE_BOOK_CONFIG;
  return loadConfigFile(resolve(io.cwd, file), displayPath(file, io.cwd), ruleIds);
}

/** `--parameter Key=Value`, repeatable: template parameter values, as `cdk deploy --parameters`. */
export function collectParameter(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected Key=Value.');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export type { FormatName };
