// Advisories at NVD scale: the coarse per-advisory key rows (advisory_keys: vendor word, product word, two
// indexes) give way to advisory_match_keys — 32-bit hashed keys a changed asset or a whole inventory looks up
// (see refStoreKeys in the matcher), one B-tree (WITHOUT ROWID on SQLite). Existing advisories get their keys
// from their stored data here.
import { sql } from 'kysely';
import type { MamoriMigration } from '../migrate.js';
import { decodeStoredVulns } from '../../advisories/formats/stored.js';
import { storedKeys } from '../../advisories/matching/matcher.js';

export const advisoriesCompact0007: MamoriMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('advisory_match_keys')
      .addColumn('key', 'integer', (c) => c.notNull())
      .addColumn('advisory_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('advisory_match_keys_pk', ['key', 'advisory_id'])
      .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
      .execute();
    let after = '';
    for (;;) {
      const rows = (await db.selectFrom('advisories').select(['id', 'data']).where('id', '>', after).orderBy('id').limit(2000).execute()) as { id: string; data: string }[];
      if (!rows.length) break;
      const values = rows.flatMap((r) => storedKeys({ vulnerabilities: decodeStoredVulns(r.data) }).map((key) => ({ key, advisory_id: r.id })));
      for (let i = 0; i < values.length; i += 500) await db.insertInto('advisory_match_keys').values(values.slice(i, i + 500)).execute();
      after = rows[rows.length - 1]!.id;
    }
    await db.schema.dropTable('advisory_keys').execute();
  },
};
