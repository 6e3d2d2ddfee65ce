// Sites and zones (network segments with a kind IT/OT/DMZ and an optional Purdue level).
import type { Kysely } from 'kysely';
import type { Site, Zone } from '../../core/asset.js';
import type { Database } from '../schema.js';

export async function upsertSite(db: Kysely<Database>, s: Site): Promise<void> {
  await db.insertInto('sites').values({ name: s.name, description: s.description })
    .onConflict((oc) => oc.column('name').doUpdateSet({ description: s.description })).execute();
}

export async function listSites(db: Kysely<Database>): Promise<Site[]> {
  return db.selectFrom('sites').selectAll().orderBy('name').execute();
}

export async function upsertZone(db: Kysely<Database>, z: Zone): Promise<void> {
  const row = { name: z.name, kind: z.kind, purdue_level: z.purdueLevel, site: z.site, cidrs: JSON.stringify(z.cidrs), description: z.description };
  await db.insertInto('zones').values(row).onConflict((oc) => oc.column('name').doUpdateSet({ ...row })).execute();
}

export async function listZones(db: Kysely<Database>): Promise<Zone[]> {
  const rows = await db.selectFrom('zones').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name, kind: r.kind as Zone['kind'], purdueLevel: r.purdue_level === null ? null : Number(r.purdue_level), site: r.site,
    cidrs: JSON.parse(r.cidrs) as string[], description: r.description,
  }));
}

export async function getZone(db: Kysely<Database>, name: string): Promise<Zone | null> {
  return (await listZones(db)).find((z) => z.name === name) ?? null;
}

export async function removeZone(db: Kysely<Database>, name: string): Promise<boolean> {
  const r = await db.deleteFrom('zones').where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
