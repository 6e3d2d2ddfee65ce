// Scope entries (what may be scanned, what never), scan runs (status, progress, summary, changes) and
// each host's result of a run (issue 3).
import type { MamoriMigration } from '../migrate.js';
import { serialType } from '../migrate.js';

export const scans0002: MamoriMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('scope_entries')
      .addColumn('id', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('ot', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('scope_entries_kind_spec_uq', ['kind', 'spec'])
      .execute();
    await db.schema
      .createTable('scan_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('targets', 'text', (c) => c.notNull())
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('summary', 'text')
      .addColumn('changes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('scan_runs_started_idx').on('scan_runs').column('started_at').execute();
    await db.schema
      .createTable('scan_results')
      .addColumn('scan_id', 'text', (c) => c.notNull().references('scan_runs.id').onDelete('cascade'))
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('scan_results_pk', ['scan_id', 'ip'])
      .execute();
  },
};
