// Advisories: documents with source/revision/fetch time, their vulnerabilities and affected-product rules,
// CISA KEV entries, asset × vulnerability matches with verdict and evidence, user decisions (VEX-style),
// and the import log that gives "what's new since the last sync".
import type { MamoriMigration } from '../migrate.js';
import { serialType } from '../migrate.js';

export const advisories0003: MamoriMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('advisories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('lang', 'text')
      .addColumn('revision', 'text')
      .addColumn('published_at', 'text')
      .addColumn('updated_at', 'text')
      .addColumn('url', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('refs', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('raw', 'text')
      .execute();
    await db.schema.createIndex('advisories_source_idx').on('advisories').column('source_id').execute();

    await db.schema
      .createTable('advisory_vulns')
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('cve', 'text')
      .addColumn('title', 'text')
      .addColumn('cvss_version', 'text')
      .addColumn('cvss_vector', 'text')
      .addColumn('cvss_score', 'real')
      .addColumn('cvss', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('cwes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addPrimaryKeyConstraint('advisory_vulns_pk', ['advisory_id', 'vuln_key'])
      .execute();
    await db.schema.createIndex('advisory_vulns_cve_idx').on('advisory_vulns').column('cve').execute();

    await db.schema
      .createTable('advisory_rules')
      .addColumn('id', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('cpe', 'text')
      .addColumn('version_text', 'text')
      .addColumn('rule', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('advisory_rules_advisory_idx').on('advisory_rules').column('advisory_id').execute();

    // Coarse match keys per advisory (vendor word, model number): a changed asset loads only its candidates.
    await db.schema
      .createTable('advisory_keys')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('advisory_keys_pk', ['key', 'advisory_id'])
      .execute();
    await db.schema.createIndex('advisory_keys_advisory_idx').on('advisory_keys').column('advisory_id').execute();

    await db.schema
      .createTable('kev_entries')
      .addColumn('cve', 'text', (c) => c.primaryKey())
      .addColumn('asserter', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text')
      .addColumn('product', 'text')
      .addColumn('name', 'text')
      .addColumn('added_at', 'text')
      .addColumn('due_at', 'text')
      .addColumn('required_action', 'text')
      .addColumn('known_ransomware', 'integer')
      .addColumn('catalog_version', 'text')
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();

    // No foreign key to assets: a removed asset's matches are deleted by the service, and matches must be
    // writable in bulk without per-row checks.
    await db.schema
      .createTable('advisory_matches')
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('advisory_id', 'text', (c) => c.notNull())
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('cve', 'text')
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('confidence', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('priority_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('advisory_matches_pk', ['asset_id', 'advisory_id', 'vuln_key'])
      .execute();
    await db.schema.createIndex('advisory_matches_advisory_idx').on('advisory_matches').column('advisory_id').execute();
    await db.schema.createIndex('advisory_matches_cve_idx').on('advisory_matches').column('cve').execute();
    await db.schema.createIndex('advisory_matches_changed_idx').on('advisory_matches').column('changed_at').execute();

    await db.schema
      .createTable('match_decisions')
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('verdict_at_decision', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('match_decisions_pk', ['asset_id', 'vuln_key'])
      .execute();

    // When each asset was last matched: an asset edited since then is re-matched before answering.
    await db.schema
      .createTable('asset_match_state')
      .addColumn('asset_id', 'text', (c) => c.primaryKey())
      .addColumn('matched_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('feed_imports')
      .addColumn('id', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('formats', 'text', (c) => c.notNull())
      .addColumn('advisories_new', 'integer', (c) => c.notNull())
      .addColumn('advisories_updated', 'integer', (c) => c.notNull())
      .addColumn('advisories_unchanged', 'integer', (c) => c.notNull())
      .addColumn('kev_entries', 'integer', (c) => c.notNull())
      .addColumn('matches_changed', 'integer', (c) => c.notNull())
      .execute();
  },
};
