// The CLI's nouns, one file each. Add one line per new command file.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerUsers } from './users.js';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

const commands: RegisterCommand[] = [registerUsers];

export function registerCommands(program: Command, ctx: CliContext): void {
  for (const register of commands) register(program, ctx);
}
