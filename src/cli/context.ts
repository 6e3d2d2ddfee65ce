// What every CLI command receives: the config (from global flags), a lazily opened store,
// and output helpers. Commands never call process.exit; they throw MamoriError or return.
import { loadConfig, type Config, type ConfigFlags } from '../config/config.js';
import { openStore, type Store } from '../db/open.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars, colours). */
  readonly interactive: boolean;
}

export class CliContext {
  private store: Store | null = null;
  private cfg: Config | null = null;
  exitCode = 0;

  constructor(
    readonly io: CliIo,
    private readonly flags: () => ConfigFlags,
  ) {}

  get config(): Config {
    this.cfg ??= loadConfig(this.flags());
    return this.cfg;
  }

  async openStore(): Promise<Store> {
    this.store ??= await openStore(this.config.databaseUrl);
    return this.store;
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }
}

export const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  interactive: Boolean(process.stderr.isTTY),
};
