// One config schema; layers: defaults < mamori.config.json in MAMORI_HOME < MAMORI_* env < flags.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { MamoriError } from '../core/errors.js';

export const configSchema = z.object({
  home: z.string(),
  databaseUrl: z.string(),
  server: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8484),
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
  }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof configSchema>;

export interface ConfigFlags {
  home?: string;
  db?: string;
  host?: string;
  port?: number;
  logLevel?: string;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const home = resolve(flags.home ?? env.MAMORI_HOME ?? '.mamori');
  const file = join(home, 'mamori.config.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new MamoriError('E_CONFIG_INVALID', `cannot read ${file}: ${(e as Error).message}`, { location: { file } });
    }
  }
  const fileServer = (fromFile.server ?? {}) as Record<string, unknown>;
  const envPort = env.MAMORI_PORT !== undefined ? Number(env.MAMORI_PORT) : undefined;
  const merged = {
    home,
    databaseUrl: flags.db ?? env.MAMORI_DATABASE_URL ?? (fromFile.databaseUrl as string | undefined) ?? `sqlite:${join(home, 'mamori.db')}`,
    server: {
      ...fileServer,
      ...(env.MAMORI_HOST ? { host: env.MAMORI_HOST } : {}),
      ...(envPort !== undefined ? { port: envPort } : {}),
      ...(env.MAMORI_TLS_CERT ? { tlsCert: env.MAMORI_TLS_CERT } : {}),
      ...(env.MAMORI_TLS_KEY ? { tlsKey: env.MAMORI_TLS_KEY } : {}),
      ...(flags.host ? { host: flags.host } : {}),
      ...(flags.port !== undefined ? { port: flags.port } : {}),
    },
    logLevel: flags.logLevel ?? env.MAMORI_LOG_LEVEL ?? fromFile.logLevel ?? 'info',
  };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MamoriError('E_CONFIG_INVALID', `invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`, {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

/** The effective config with secrets hidden, for `mamori config show`. */
export function redactedConfig(c: Config): Config {
  return { ...c, databaseUrl: c.databaseUrl.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@') };
}
