import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dialects } from '../../test/support/dialects.js';
import { migrateToLatest } from './migrate.js';

for (const d of dialects()) {
  test(`${d.name}: migrations apply to an empty database and are idempotent`, async () => {
    const store = await d.open();
    try {
      const again = await migrateToLatest(store.db, store.dialect, store.pgSchema);
      assert.deepEqual(again, []);
      const r = await sql<{ n: number }>`select count(*) as n from assets`.execute(store.db);
      assert.equal(Number(r.rows[0]?.n), 0);
    } finally {
      await store.close();
    }
  });
}
