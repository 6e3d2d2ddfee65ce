// Versioned migrations, applied in order and recorded by Kysely's Migrator. Each migration file
// exports `up(db, dialect)`; the list is explicit (migrations/index.ts), never discovered from disk.
import { type Kysely, Migrator, type Migration } from 'kysely';
import { MamoriError } from '../core/errors.js';
import type { Dialect } from './schema.js';
import { migrations } from './migrations/index.js';

export interface MamoriMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/**
 * `schema` (PostgreSQL): Kysely decides whether its bookkeeping tables exist by looking at every schema, so
 * with several schemas in one database (tests run in parallel, one schema each) it must be told which one.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, schema?: string): Promise<string[]> {
  const provided: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(migrations)) provided[name] = { up: (d) => m.up(d, dialect) };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => provided }, ...(schema ? { migrationTableSchema: schema } : {}),
    // Areas were numbered when they were planned, not when they landed: a database created in between has
    // 0003-0005 without 0002. Each migration only creates its own tables, so order between areas is free.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MamoriError('E_DB', `migration ${failed ?? '?'} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** An auto-increment integer primary key, spelled per dialect. */
export const serialType = (dialect: Dialect) => (dialect === 'postgres' ? 'serial' : 'integer');
