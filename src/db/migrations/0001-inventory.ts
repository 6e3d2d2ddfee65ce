// Inventory: assets, their identifiers (merge index), services, observations, history, sites, zones.
import { sql } from 'kysely';
import type { MamoriMigration } from '../migrate.js';
import { serialType } from '../migrate.js';

export const inventory0001: MamoriMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('assets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text')
      .addColumn('class', 'text')
      .addColumn('kind', 'text')
      .addColumn('vendor', 'text')
      .addColumn('model', 'text')
      .addColumn('serial', 'text')
      .addColumn('os_name', 'text')
      .addColumn('os_version', 'text')
      .addColumn('fw_name', 'text')
      .addColumn('fw_version', 'text')
      .addColumn('site', 'text')
      .addColumn('zone', 'text')
      .addColumn('owner', 'text')
      .addColumn('criticality', 'integer')
      .addColumn('notes', 'text')
      .addColumn('external_id', 'text')
      .addColumn('ips', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('macs', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('hostnames', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('cpes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('provenance', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('search', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('sort_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Few secondary indexes on purpose: each one costs every import row, and a scan of 100k assets for a
    // class/zone filter is a few milliseconds. The listing order has one (on a short key) so the first page
    // needs no sort.
    await db.schema.createIndex('assets_zone_class_idx').on('assets').columns(['zone', 'class']).execute();
    await db.schema.createIndex('assets_sort_idx').on('assets').columns(['sort_name', 'id']).execute();

    await db.schema
      .createTable('asset_identifiers')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('asset_identifiers_pk', ['kind', 'value', 'asset_id'])
      // SQLite: the primary key is the table (one B-tree instead of table + index): imports write 3-5 per asset.
      .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
      .execute();
    await db.schema.createIndex('asset_identifiers_asset_idx').on('asset_identifiers').column('asset_id').execute();

    await db.schema
      .createTable('services')
      .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
      .addColumn('transport', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('service', 'text')
      .addColumn('product', 'text')
      .addColumn('version', 'text')
      .addColumn('banner', 'text')
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('services_pk', ['asset_id', 'transport', 'port'])
      .execute();
    await db.schema.createIndex('services_port_idx').on('services').columns(['port', 'transport']).execute();

    await db.schema
      .createTable('observations')
      .addColumn('id', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('observations_asset_idx').on('observations').columns(['asset_id', 'at']).execute();

    // History outlives the asset: a removed device's record of changes stays answerable.
    // A plain INTEGER PRIMARY KEY (rowid alias) on SQLite: AUTOINCREMENT would cost a write per row.
    await db.schema
      .createTable('asset_history')
      .addColumn('id', serialType(dialect), (c) => c.primaryKey())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('field', 'text')
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .execute();
    await db.schema.createIndex('asset_history_asset_idx').on('asset_history').columns(['asset_id', 'at']).execute();

    await db.schema
      .createTable('sites')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('description', 'text')
      .execute();
    await db.schema
      .createTable('zones')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('purdue_level', 'real')
      .addColumn('site', 'text')
      .addColumn('cidrs', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('description', 'text')
      .execute();
  },
};
