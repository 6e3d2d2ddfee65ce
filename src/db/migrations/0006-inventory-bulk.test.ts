import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
// (migrate.js first: the migration files and the migration list import each other)
import '../migrate.js';
import { inventory0001 } from './0001-inventory.js';
import { inventoryBulk0006 } from './0006-inventory-bulk.js';

test('0006 keeps every identifier row and drops the asset_id index and the foreign key (SQLite)', async () => {
  const raw = new SQLite(':memory:');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await inventory0001.up(db, 'sqlite');
    raw.exec(`INSERT INTO assets (id, first_seen, last_seen, updated_at) VALUES ('a-1', 't', 't', 't'), ('a-2', 't', 't', 't')`);
    raw.exec(`INSERT INTO asset_identifiers VALUES ('mac', '02:00:00:00:00:01', 'a-1'), ('ip', '127.0.9.1', 'a-1'), ('ip', '127.0.9.1', 'a-2')`);
    assert.equal(raw.prepare('PRAGMA foreign_key_list(asset_identifiers)').all().length, 1);
    await inventoryBulk0006.up(db, 'sqlite');
    assert.deepEqual(raw.prepare('SELECT kind, value, asset_id FROM asset_identifiers ORDER BY 1, 2, 3').all(), [
      { kind: 'ip', value: '127.0.9.1', asset_id: 'a-1' }, { kind: 'ip', value: '127.0.9.1', asset_id: 'a-2' }, { kind: 'mac', value: '02:00:00:00:00:01', asset_id: 'a-1' },
    ]);
    assert.equal(raw.prepare('PRAGMA foreign_key_list(asset_identifiers)').all().length, 0);
    assert.deepEqual(raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'asset_identifiers'").all(), []);
    assert.match(String((raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'asset_identifiers'").get() as { sql: string }).sql), /without rowid/i);
    assert.throws(() => raw.exec(`INSERT INTO asset_identifiers VALUES ('ip', '127.0.9.1', 'a-1')`), /UNIQUE|PRIMARY/);
  } finally {
    await db.destroy();
  }
});
