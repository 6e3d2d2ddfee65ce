// Inventory at import scale: the identifier index (asset_identifiers) loses its index on asset_id and its
// foreign key to assets. On SQLite a secondary index of a WITHOUT ROWID table repeats the whole key, so it
// doubled the table's size, and every identifier row written paid a look-up of its asset for the foreign key;
// imports write three to five identifier rows per asset. Nothing reads identifiers by asset: the repo deletes
// an asset's identifier rows by their key (it knows them from the asset row) before it deletes the asset.
import { sql } from 'kysely';
import type { MamoriMigration } from '../migrate.js';

export const inventoryBulk0006: MamoriMigration = {
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      // SQLite cannot drop a foreign key: the table is rebuilt (in key order) without it.
      await db.schema
        .createTable('asset_identifiers_0006')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('asset_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('asset_identifiers_pk', ['kind', 'value', 'asset_id'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`INSERT INTO asset_identifiers_0006 (kind, value, asset_id) SELECT kind, value, asset_id FROM asset_identifiers ORDER BY kind, value, asset_id`.execute(db);
      await db.schema.dropTable('asset_identifiers').execute();
      await sql`ALTER TABLE asset_identifiers_0006 RENAME TO asset_identifiers`.execute(db);
      return;
    }
    const fks = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE conrelid = 'asset_identifiers'::regclass AND contype = 'f'`.execute(db);
    for (const fk of fks.rows) await sql`ALTER TABLE asset_identifiers DROP CONSTRAINT ${sql.id(fk.conname)}`.execute(db);
    await db.schema.dropIndex('asset_identifiers_asset_idx').ifExists().execute();
  },
};
