// Runs a store test on every available dialect: SQLite in memory always, PostgreSQL when
// MAMORI_TEST_PG_URL is set. Each PostgreSQL run gets its own schema, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '../../src/db/open.js';

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
        const store = await openStore(pgUrl, { pgSchema: schema });
        const close = store.close;
        return {
          ...store,
          async close() {
            await store.pg!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await close();
          },
        };
      },
    });
  }
  return cases;
}
