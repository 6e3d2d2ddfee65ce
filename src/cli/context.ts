// What every CLI command receives: the config (from global flags), a lazily opened store,
// and output helpers. Commands never call process.exit; they throw MamoriError or return.
import { loadConfig, type Config, type ConfigFlags } from '../config/config.js';
import type { Store } from '../db/open.js';

export interface CliIo {
  out(text: string): void;
  /** Raw output, no newline added (streamed JSON, file contents); defaults to out() when absent. */
  write?(chunk: string | Uint8Array): void;
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
    // Loaded here, not at start-up: `mamori --help` and commands without a store need no database driver.
    const { openStore } = await import('../db/open.js');
    this.store ??= await openStore(this.config.databaseUrl);
    return this.store;
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }
}

/** Writes raw output through the context's io (tests capture it like any other output). */
export function writeRaw(io: CliIo, chunk: string | Uint8Array): void {
  if (io.write) io.write(chunk);
  else io.out(typeof chunk === 'string' ? chunk.replace(/\n$/, '') : Buffer.from(chunk).toString('utf8'));
}

export const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  write: (c) => process.stdout.write(c),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  interactive: Boolean(process.stderr.isTTY),
};
