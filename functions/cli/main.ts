import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { FileStore } from '../adapters/local/file-store';
import { RuleBook } from '../rulebook/engine';
import type { AnyRule } from '../rulebook/rule';
import { RULES } from '../rulebook/rules/index';
import { registerAcknowledge } from './commands/acknowledge';
import { AuditUsageError, createAuditCommand } from './commands/audit';
import { registerEvaluate } from './commands/evaluate';
import { registerReport } from './commands/report';
import { registerRules } from './commands/rules';
import { registerScan } from './commands/scan';
import type { CommandContext, RegisterCommand } from './commands/shared';
import { InputError, UsageError } from './errors';
import { type Io, processIo } from './io';

/** The sub-commands, in help order. Adding one is one line here plus its file in commands/. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerScan,
  registerEvaluate,
  registerRules,
  registerReport,
  createAuditCommand(openLocalAuditLog),
  registerAcknowledge,
];

/** The audit log of a local runtime state folder (`npm start --state`, default `.local-state`). */
function openLocalAuditLog({ state = '.local-state' }: { state?: string }) {
  if (!FileStore.exists(state)) {
    throw new AuditUsageError(
      `${state}: no local state here (run \`npm start\` first, or pass --state / --file)`,
    );
  }
  return FileStore.open(state).audit;
}

/**
 * Runs the CLI in-process and returns the exit code: 0 clean, 1 a finding at or above `--fail-on`,
 * 2 bad input or usage (one line on stderr naming the file and what is wrong).
 */
export interface RunOptions {
  /** Rules to run instead of the registry (tests and benchmarks pin the rule set this way). */
  rules?: readonly AnyRule[];
}

export async function run(
  argv: readonly string[],
  io: Io = processIo(),
  options: RunOptions = {},
): Promise<number> {
  let exitCode = 0;
  const program = new Command('compliance-bot')
    .description(
      'Offline AWS Well-Architected compliance scanner: the bot rule book on templates, snapshots and events',
    )
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const ctx: CommandContext = {
    io,
    setExitCode: (code) => (exitCode = code),
    ruleBook: (config) => new RuleBook(options.rules, config),
    ruleIds: new Set([...Object.keys(RULES), ...(options.rules ?? []).map((rule) => rule.id)]),
  };
  for (const register of COMMANDS) register(program, ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError) {
      io.stderr.write(`compliance-bot: ${error.location}: ${error.message}\n`);
    } else if (error instanceof UsageError) {
      io.stderr.write(`compliance-bot: ${error.message}\n`);
    } else {
      io.stderr.write(`compliance-bot: internal error: ${(error as Error).message ?? String(error)}\n`);
      if (io.env.DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    }
    return 2;
  }
  return exitCode;
}

/** Entry point of `bin/compliance-bot.js`. */
export async function main(): Promise<void> {
  // `compliance-bot scan ... | head`: a closed pipe ends the run quietly, as with other CLI tools.
  // Any other failed write (disk full, `> /dev/full`) is exit 2, never 1: `|| test $? -eq 1` in CI
  // must not take a half-written SARIF file for "findings".
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`compliance-bot: cannot write the output: ${error.message}\n`);
    process.exit(2);
  });
  process.exitCode = await run(process.argv.slice(2));
}
