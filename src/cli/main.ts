// The `mamori` program: global flags, one command file per noun (commands/), and the single place where
// errors become exit codes: 0 ok, 1 runtime error, 2 usage or input error, 3 findings at/above --fail-on.
import { Command, CommanderError } from 'commander';
import { formatProblem, isMamoriError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../core/package-root.js';
import { CliContext, stdio, type CliIo } from './context.js';
import { registerCommands } from './commands/index.js';


export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mamori')
    .description('mamori (守り): one inventory for IT, OT and IoT devices — discovery, exposure checks, advisory matching')
    .version(PACKAGE_VERSION, '-V, --version')
    .option('--home <dir>', 'data directory (default ./.mamori, or MAMORI_HOME)')
    .option('--db <url>', 'database URL: sqlite:PATH or postgres://... (or MAMORI_DATABASE_URL)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) })
    .exitOverride();
  registerCommands(program, ctx);
  return program;
}

const USAGE_CODES = new Set(['E_INPUT_INVALID', 'E_CONFIG_INVALID', 'E_OUT_OF_SCOPE', 'E_POLICY_DENIED', 'E_NOT_FOUND', 'E_FEED_FORMAT']);

export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  let program: Command | undefined;
  const ctx = new CliContext(io, () => {
    const o = program?.opts<{ home?: string; db?: string; logLevel?: string }>() ?? {};
    return { home: o.home, db: o.db, logLevel: o.logLevel };
  });
  program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isMamoriError(e)) {
      io.err(`mamori: ${e.message}`);
      for (const p of e.extra.problems ?? []) io.err(`  ${formatProblem(p)}`);
      return USAGE_CODES.has(e.code) ? 2 : 1;
    }
    io.err(`mamori: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
