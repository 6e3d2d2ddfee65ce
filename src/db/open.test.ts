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

test('sqlite: a new database file gets 8 KiB pages; an existing one keeps its own', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const SQLite = (await import('better-sqlite3')).default;
  const { openStore } = await import('./open.js');
  const dir = mkdtempSync(join(tmpdir(), 'mamori-pages-'));
  try {
    const fresh = await openStore(`sqlite:${join(dir, 'new.db')}`);
    assert.equal(fresh.sqlite!.pragma('page_size', { simple: true }), 8192);
    await fresh.close();
    const old = new SQLite(join(dir, 'old.db'));
    old.exec('CREATE TABLE t (x)');
    old.close();
    const reopened = await openStore(`sqlite:${join(dir, 'old.db')}`);
    assert.equal(reopened.sqlite!.pragma('page_size', { simple: true }), 4096);
    assert.equal(reopened.sqlite!.pragma('journal_mode', { simple: true }), 'wal');
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
