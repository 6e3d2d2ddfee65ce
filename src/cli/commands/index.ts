// The CLI's nouns, one file each. Add one line per new command file.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAssets } from './assets.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';
import { registerReport } from './report.js';
import { registerZones } from './zones.js';
import { registerFindings } from './findings.js';
import { registerChecks } from './checks.js';
import { registerCampaigns } from './campaigns.js';
import { registerMiners } from './miners.js';
import { registerFeeds } from './feeds.js';
import { registerAffected } from './affected.js';
import { registerVulns } from './vulns.js';
import { registerScan } from './scan.js';
import { registerScope } from './scope.js';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

const commands: RegisterCommand[] = [registerServe, registerAssets, registerZones, registerUsers, registerReport, registerFindings, registerChecks, registerCampaigns, registerMiners, registerFeeds, registerAffected, registerVulns, registerScope, registerScan];

export function registerCommands(program: Command, ctx: CliContext): void {
  for (const register of commands) register(program, ctx);
}
