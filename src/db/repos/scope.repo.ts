// The authorized scope: include/exclude entries. The only place scope SQL lives.
import type { Kysely } from 'kysely';
import type { ScopeEntry, ScopeKind } from '../../net/scope.js';
import type { Database } from '../schema.js';

export interface ScopeRow extends ScopeEntry {
  id: number;
  createdAt: string;
}

const toRow = (r: { id: number; kind: string; spec: string; ot: number; note: string | null; created_at: string }): ScopeRow => ({
  id: Number(r.id), kind: r.kind as ScopeKind, spec: r.spec, ot: Boolean(r.ot), note: r.note, createdAt: r.created_at,
});

export async function listScope(db: Kysely<Database>): Promise<ScopeRow[]> {
  const rows = await db.selectFrom('scope_entries').selectAll().orderBy('kind').orderBy('id').execute();
  return rows.map(toRow);
}

/** Adds an entry; adding the same kind+spec again updates its OT flag and note instead. */
export async function addScope(db: Kysely<Database>, e: ScopeEntry, at: string): Promise<ScopeRow> {
  const existing = await db.selectFrom('scope_entries').selectAll().where('kind', '=', e.kind).where('spec', '=', e.spec).executeTakeFirst();
  if (existing) {
    await db.updateTable('scope_entries').set({ ot: e.ot ? 1 : 0, note: e.note ?? existing.note }).where('id', '=', existing.id).execute();
  } else {
    await db.insertInto('scope_entries').values({ kind: e.kind, spec: e.spec, ot: e.ot ? 1 : 0, note: e.note ?? null, created_at: at }).execute();
  }
  const row = await db.selectFrom('scope_entries').selectAll().where('kind', '=', e.kind).where('spec', '=', e.spec).executeTakeFirstOrThrow();
  return toRow(row);
}

/** Removes by id or by spec (any kind, or the given kind); returns the removed rows. */
export async function removeScope(db: Kysely<Database>, ref: { id?: number; spec?: string; kind?: ScopeKind }): Promise<ScopeRow[]> {
  let q = db.selectFrom('scope_entries').selectAll();
  if (ref.id !== undefined) q = q.where('id', '=', ref.id);
  if (ref.spec !== undefined) q = q.where('spec', '=', ref.spec);
  if (ref.kind !== undefined) q = q.where('kind', '=', ref.kind);
  const rows = await q.execute();
  if (rows.length) await db.deleteFrom('scope_entries').where('id', 'in', rows.map((r) => r.id)).execute();
  return rows.map(toRow);
}

/** CIDRs of inventory zones marked OT: hosts there are scanned ot-safe by default. */
export async function otZoneCidrs(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('zones').select('cidrs').where('kind', '=', 'OT').execute();
  return rows.flatMap((r) => {
    try {
      const v = JSON.parse(r.cidrs) as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  });
}
