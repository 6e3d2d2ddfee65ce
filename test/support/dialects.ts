// Runs a store test on every available dialect: SQLite in memory always, PostgreSQL when
// MAMORI_TEST_PG_URL is set. Each PostgreSQL run gets its own schema, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/db/open.js';

/**
 * Creating a test schema (its migrations) and dropping one take turns across all test processes. Kysely's migrator
 * reads the catalog of every schema (does its bookkeeping table exist?), and PostgreSQL can fail such a read with
 * "schema ... does not exist" while another session drops a schema it is looking at (seen once in CI).
 */
const CATALOG_LOCK = 0x6d616d6f; // "mamo"
async function catalogTurn<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [CATALOG_LOCK]);
    return await fn();
  } finally {
    await client.end(); // ends the session, which releases its advisory lock
  }
}

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store>;
}

export function dialects(): DialectCase[] {
  const cases: DialectCase[] = [{ name: 'sqlite', open: () => openStore('sqlite::memory:') }];
  const pgUrl = process.env.MAMORI_TEST_PG_URL;
  if (pgUrl) {
    cases.push({
      name: 'postgres',
      async open() {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const store = await catalogTurn(pgUrl, () => openStore(pgUrl, { pgSchema: schema }));
        const close = store.close;
        return {
          ...store,
          async close() {
            await catalogTurn(pgUrl, () => store.pg!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
            await close();
          },
        };
      },
    });
  }
  return cases;
}
