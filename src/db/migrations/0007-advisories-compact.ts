// Advisories at NVD scale: the coarse per-advisory key rows (advisory_keys: vendor word, product word, two
// indexes, ~2 rows per advisory) give way to posting lists — one row per hashed match key (see refStoreKeys in
// the matcher) holding the ids of the advisories that have it, so a 250,000-CVE ingest writes one row per
// distinct product name instead of one per (key, advisory). Existing advisories get their keys here.
import type { MamoriMigration } from '../migrate.js';
import { storedDataKeys } from '../../advisories/formats/stored.js';

export const advisoriesCompact0007: MamoriMigration = {
  async up(db) {
    await db.schema
      .createTable('advisory_key_postings')
      .addColumn('key', 'integer', (c) => c.primaryKey())
      // Advisory ids separated by single spaces (ids hold none).
      .addColumn('advisory_ids', 'text', (c) => c.notNull())
      .execute();
    const postings = new Map<number, string[]>();
    let after = '';
    for (;;) {
      const rows = (await db.selectFrom('advisories').select(['id', 'data']).where('id', '>', after).orderBy('id').limit(2000).execute()) as { id: string; data: string }[];
      if (!rows.length) break;
      for (const r of rows) {
        for (const key of storedDataKeys(r.data)) {
          const list = postings.get(key);
          if (list) list.push(r.id);
          else postings.set(key, [r.id]);
        }
      }
      after = rows[rows.length - 1]!.id;
    }
    const values = [...postings].map(([key, ids]) => ({ key, advisory_ids: ids.join(' ') }));
    for (let i = 0; i < values.length; i += 500) await db.insertInto('advisory_key_postings').values(values.slice(i, i + 500)).execute();
    await db.schema.dropTable('advisory_keys').execute();
  },
};
