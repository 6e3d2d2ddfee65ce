// Findings, their audit trail, check runs and latest results, miner expectations (issue 5).
import type { MamoriMigration } from '../migrate.js';
import { serialType } from '../migrate.js';

export const findings0004: MamoriMigration = {
  async up(db, dialect) {
    const serialPk = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
    await db.schema
      .createTable('findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
      .addColumn('check_id', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('asset_name', 'text')
      .addColumn('asset_hostnames', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('asset_ips', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('transport', 'text')
      .addColumn('port', 'integer')
      .addColumn('discriminator', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('confidence', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('transcript', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('refs', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('team', 'text')
      .addColumn('assignee', 'text')
      .addColumn('due_at', 'text')
      .addColumn('due_source', 'text')
      .addColumn('acceptance', 'text')
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('fixed_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('findings_asset_idx').on('findings').columns(['asset_id', 'check_id']).execute();
    await db.schema.createIndex('findings_status_idx').on('findings').columns(['status', 'severity']).execute();

    await db.schema
      .createTable('finding_events')
      .addColumn('id', serialType(dialect), serialPk)
      .addColumn('finding_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('finding_events_finding_idx').on('finding_events').columns(['finding_id', 'id']).execute();

    await db.schema
      .createTable('check_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('credentials', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();

    await db.schema
      .createTable('check_results')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('check_id', 'text', (c) => c.notNull())
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('transport', 'text')
      .addColumn('port', 'integer')
      .addColumn('discriminator', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('severity', 'text')
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('transcript', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('check_results_asset_idx').on('check_results').columns(['asset_id', 'check_id']).execute();

    await db.schema
      .createTable('miner_expectations')
      .addColumn('id', serialType(dialect), serialPk)
      .addColumn('asset_id', 'text')
      .addColumn('wallet', 'text')
      .addColumn('pool', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
