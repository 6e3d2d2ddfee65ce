// All SQL of the inventory: assets, identifiers, services, history, observations. Rows ↔ domain objects.
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Asset, HistoryEntry, Service } from '../../core/asset.js';
import type { Database } from '../schema.js';
import type { AssetHistoryTable, AssetsTable, ServicesTable } from '../tables/inventory.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row INSERT: well under SQLite's 32766 bound variables for the widest table. */
const CHUNK = 500;

export interface IdentifierRow {
  kind: 'mac' | 'ip' | 'hostname' | 'serial' | 'key';
  value: string;
  asset_id: string;
}

export function identifiersOf(a: Asset): IdentifierRow[] {
  const rows: IdentifierRow[] = [];
  for (const v of a.macs) rows.push({ kind: 'mac', value: v, asset_id: a.id });
  for (const v of a.ips) rows.push({ kind: 'ip', value: v, asset_id: a.id });
  for (const v of a.hostnames) rows.push({ kind: 'hostname', value: v, asset_id: a.id });
  if (a.serial) rows.push({ kind: 'serial', value: a.serial.toLowerCase(), asset_id: a.id });
  if (a.externalId) rows.push({ kind: 'key', value: a.externalId, asset_id: a.id });
  return rows;
}

/** What a person calls the device: its name, else its first host name, IP or id. */
export const displayName = (a: Asset): string => a.name ?? a.hostnames[0] ?? a.ips[0] ?? a.macs[0] ?? a.id;

/** Whether the asset holds the identifier, in the same forms identifiersOf() indexes. */
export function holdsIdentifier(a: Asset, kind: string, value: string): boolean {
  switch (kind) {
    case 'mac':
      return a.macs.includes(value);
    case 'ip':
      return a.ips.includes(value);
    case 'hostname':
      return a.hostnames.includes(value);
    case 'serial':
      return a.serial !== null && a.serial.toLowerCase() === value;
    case 'key':
      return a.externalId === value;
    default:
      return false;
  }
}

function searchText(a: Asset): string {
  return [
    displayName(a), a.name, a.id, ...a.hostnames, ...a.ips, ...a.macs, a.vendor, a.model, a.kind, a.class, a.os?.name, a.os?.version,
    a.firmware?.name, a.firmware?.version, a.site, a.zone, a.owner, a.serial, a.externalId, ...a.tags,
  ]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .join(' ')
    .toLowerCase();
}

export function assetToRow(a: Asset, updatedAt: string): AssetsTable {
  return {
    id: a.id, name: a.name, class: a.class, kind: a.kind, vendor: a.vendor, model: a.model, serial: a.serial,
    os_name: a.os?.name ?? null, os_version: a.os?.version ?? null, fw_name: a.firmware?.name ?? null, fw_version: a.firmware?.version ?? null,
    site: a.site, zone: a.zone, owner: a.owner, criticality: a.criticality, notes: a.notes, external_id: a.externalId,
    ips: JSON.stringify(a.ips), macs: JSON.stringify(a.macs), hostnames: JSON.stringify(a.hostnames), cpes: JSON.stringify(a.cpes),
    tags: JSON.stringify(a.tags), attributes: JSON.stringify(a.attributes), provenance: JSON.stringify(a.provenance),
    search: searchText(a), sort_name: displayName(a).toLowerCase().slice(0, 64), first_seen: a.firstSeen, last_seen: a.lastSeen, updated_at: updatedAt,
  };
}

export function rowToAsset(r: AssetsTable, services: Service[]): Asset {
  const sw = (name: string | null, version: string | null) => (name === null && version === null ? null : { name, version });
  return {
    id: r.id, name: r.name, ips: JSON.parse(r.ips), macs: JSON.parse(r.macs), hostnames: JSON.parse(r.hostnames),
    class: r.class as Asset['class'], kind: r.kind, vendor: r.vendor, model: r.model, serial: r.serial,
    os: sw(r.os_name, r.os_version), firmware: sw(r.fw_name, r.fw_version), cpes: JSON.parse(r.cpes), site: r.site, zone: r.zone,
    owner: r.owner, criticality: r.criticality === null ? null : Number(r.criticality), tags: JSON.parse(r.tags), notes: r.notes,
    attributes: JSON.parse(r.attributes), externalId: r.external_id, firstSeen: r.first_seen, lastSeen: r.last_seen,
    provenance: JSON.parse(r.provenance), services,
  };
}

const serviceToRow = (assetId: string, s: Service): ServicesTable => ({
  asset_id: assetId, transport: s.transport, port: s.port, service: s.service, product: s.product, version: s.version,
  banner: s.banner, extra: JSON.stringify(s.extra), source: s.source, first_seen: s.firstSeen, last_seen: s.lastSeen,
});

const rowToService = (r: ServicesTable): Service => ({
  transport: r.transport as Service['transport'], port: Number(r.port), service: r.service, product: r.product, version: r.version,
  banner: r.banner, extra: JSON.parse(r.extra), source: r.source, firstSeen: r.first_seen, lastSeen: r.last_seen,
});

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
}

function* chunks<T>(xs: readonly T[], n = CHUNK): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

const IN_WIDTH = 500;

/** SELECT ... WHERE <column> IN (500 placeholders) on SQLite, padded with NULL (which never matches). */
function rawIn<T>(raw: RawSqlite, sqlText: string, prefix: unknown[], values: readonly unknown[]): T[] {
  let m = rawCache.get(raw);
  if (!m) rawCache.set(raw, (m = new Map()));
  let st = m.get(sqlText);
  if (!st) {
    st = raw.prepare(sqlText.replace('(?IN)', `(${Array.from({ length: IN_WIDTH }, () => '?').join(',')})`));
    m.set(sqlText, st);
  }
  const out: T[] = [];
  for (const part of chunks(values, IN_WIDTH)) {
    const padded = part.length === IN_WIDTH ? part : [...part, ...Array.from({ length: IN_WIDTH - part.length }, () => null)];
    for (const r of st.all([...prefix, ...padded]) as T[]) out.push(r);
  }
  return out;
}

/** (kind, value) → asset ids holding that identifier. */
export async function findIdentifiers(db: Db, wanted: { kind: string; value: string }[], bulk: BulkTarget = {}): Promise<Map<string, string[]>> {
  const { raw } = bulk;
  const out = new Map<string, string[]>();
  const byKind = new Map<string, string[]>();
  for (const w of wanted) pushTo(byKind, w.kind, w.value);
  for (const [kind, values] of byKind) {
    const unique = [...new Set(values)];
    if (raw) {
      const rows = rawIn<{ value: string; asset_id: string }>(raw, 'SELECT value, asset_id FROM asset_identifiers WHERE kind = ? AND value IN (?IN)', [kind], unique);
      for (const r of rows) pushTo(out, `${kind}:${r.value}`, r.asset_id);
      continue;
    }
    if (bulk.pg) {
      const r = await sql<{ value: string; asset_id: string }>`SELECT value, asset_id FROM asset_identifiers WHERE kind = ${kind} AND value = ANY(${unique}::text[])`.execute(db);
      for (const row of r.rows) pushTo(out, `${kind}:${row.value}`, row.asset_id);
      continue;
    }
    for (const part of chunks(unique, 900)) {
      const rows = await db.selectFrom('asset_identifiers').select(['value', 'asset_id']).where('kind', '=', kind).where('value', 'in', part).execute();
      for (const r of rows) {
        const k = `${kind}:${r.value}`;
        pushTo(out, k, r.asset_id);
      }
    }
  }
  return out;
}

export async function loadAssets(db: Db, ids: readonly string[], bulk: BulkTarget = {}): Promise<Map<string, Asset>> {
  const { raw } = bulk;
  const out = new Map<string, Asset>();
  const unique = [...new Set(ids)];
  if (raw) {
    const rows = rawIn<AssetsTable>(raw, 'SELECT * FROM assets WHERE id IN (?IN)', [], unique);
    const svcs = rawIn<ServicesTable>(raw, 'SELECT * FROM services WHERE asset_id IN (?IN) ORDER BY port, transport', [], unique);
    const byAsset = new Map<string, Service[]>();
    for (const s of svcs) pushTo(byAsset, s.asset_id, rowToService(s));
    for (const r of rows) out.set(r.id, rowToAsset(r, byAsset.get(r.id) ?? []));
    return out;
  }
  if (bulk.pg) {
    if (!unique.length) return out;
    const rows = (await sql<AssetsTable>`SELECT * FROM assets WHERE id = ANY(${unique}::text[])`.execute(db)).rows;
    const svcs = (await sql<ServicesTable>`SELECT * FROM services WHERE asset_id = ANY(${unique}::text[]) ORDER BY port, transport`.execute(db)).rows;
    const byAsset = new Map<string, Service[]>();
    for (const s of svcs) pushTo(byAsset, s.asset_id, rowToService(s));
    for (const r of rows) out.set(r.id, rowToAsset(r, byAsset.get(r.id) ?? []));
    return out;
  }
  for (const part of chunks(unique, 900)) {
    const [rows, svcs] = await Promise.all([
      db.selectFrom('assets').selectAll().where('id', 'in', part).execute(),
      db.selectFrom('services').selectAll().where('asset_id', 'in', part).orderBy('port').orderBy('transport').execute(),
    ]);
    const byAsset = new Map<string, Service[]>();
    for (const s of svcs) pushTo(byAsset, s.asset_id, rowToService(s));
    for (const r of rows) out.set(r.id, rowToAsset(r, byAsset.get(r.id) ?? []));
  }
  return out;
}

/**
 * better-sqlite3 handle for bulk writes: prepared statements on the same connection (so inside the
 * caller's Kysely transaction) skip query building, which dominates large imports on SQLite.
 */
export type RawSqlite = import('better-sqlite3').Database;

const rawCache = new WeakMap<RawSqlite, Map<string, import('better-sqlite3').Statement>>();
/** INSERT of `rows` rows at once: multi-row VALUES amortise the per-statement cost of better-sqlite3. */
function rawInsert(raw: RawSqlite, table: string, columns: readonly string[], rows: number) {
  let m = rawCache.get(raw);
  if (!m) rawCache.set(raw, (m = new Map()));
  const key = `${table}(${columns.join(',')})x${rows}`;
  let st = m.get(key);
  if (!st) {
    const one = `(${columns.map(() => '?').join(',')})`;
    st = raw.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array.from({ length: rows }, () => one).join(',')}`);
    m.set(key, st);
  }
  return st;
}

const ASSET_COLUMNS = Object.keys(assetToRow({ id: '', name: null, ips: [], macs: [], hostnames: [], class: null, kind: null, vendor: null, model: null, serial: null, os: null, firmware: null, cpes: [], site: null, zone: null, owner: null, criticality: null, tags: [], notes: null, attributes: {}, externalId: null, firstSeen: '', lastSeen: '', provenance: {}, services: [] }, '')) as (keyof AssetsTable)[];
const SERVICE_COLUMNS = ['asset_id', 'transport', 'port', 'service', 'product', 'version', 'banner', 'extra', 'source', 'first_seen', 'last_seen'] as const;
const HISTORY_COLUMNS = ['asset_id', 'at', 'source', 'change', 'field', 'before', 'after'] as const;

function rawRows<T extends object>(raw: RawSqlite, table: string, columns: readonly (keyof T & string)[], rows: T[]): void {
  const per = Math.max(1, Math.min(64, Math.floor(30000 / columns.length)));
  let i = 0;
  const values: unknown[] = [];
  for (; i + per <= rows.length; i += per) {
    values.length = 0;
    for (let j = i; j < i + per; j++) for (const c of columns) values.push(rows[j]![c]);
    rawInsert(raw, table, columns, per).run(values);
  }
  const st = rawInsert(raw, table, columns, 1);
  for (; i < rows.length; i++) st.run(columns.map((c) => rows[i]![c] as unknown));
}

/** Column types for PostgreSQL bulk writes (everything else is text). */
const PG_INT_COLUMNS = new Set(['criticality', 'port']);

/**
 * PostgreSQL bulk INSERT through `unnest`: one array parameter per column whatever the row count, so neither
 * the query builder nor the server parses tens of thousands of placeholders. Runs on the caller's
 * connection (inside its transaction).
 */
async function pgRows<T extends object>(db: Db, table: string, columns: readonly (keyof T & string)[], rows: T[]): Promise<void> {
  for (const part of chunks(rows, 20_000)) {
    const arrays = columns.map((c) => sql`${part.map((r) => r[c] ?? null)}::${sql.raw(PG_INT_COLUMNS.has(c) ? 'integer' : 'text')}[]`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
  }
}

export type BulkTarget = { raw?: RawSqlite; pg?: boolean };

export async function insertAssets(db: Db, assets: Asset[], at: string, bulk: BulkTarget = {}): Promise<void> {
  const { raw } = bulk;
  if (raw) {
    rawRows(raw, 'assets', ASSET_COLUMNS, assets.map((a) => assetToRow(a, at)));
    rawRows(raw, 'asset_identifiers', ['kind', 'value', 'asset_id'], assets.flatMap(identifiersOf));
    rawRows(raw, 'services', SERVICE_COLUMNS, assets.flatMap((a) => a.services.map((s) => serviceToRow(a.id, s))));
    return;
  }
  if (bulk.pg) {
    await pgRows(db, 'assets', ASSET_COLUMNS, assets.map((a) => assetToRow(a, at)));
    await pgRows(db, 'asset_identifiers', ['kind', 'value', 'asset_id'], assets.flatMap(identifiersOf));
    await pgRows(db, 'services', SERVICE_COLUMNS, assets.flatMap((a) => a.services.map((s) => serviceToRow(a.id, s))));
    return;
  }
  for (const part of chunks(assets, 400)) await db.insertInto('assets').values(part.map((a) => assetToRow(a, at))).execute();
  const ids = assets.flatMap(identifiersOf);
  for (const part of chunks(ids, 2000)) await db.insertInto('asset_identifiers').values(part).execute();
  const svcs = assets.flatMap((a) => a.services.map((s) => serviceToRow(a.id, s)));
  for (const part of chunks(svcs, 800)) await db.insertInto('services').values(part).execute();
}

/** Rewrites the given assets, their identifiers and their services. */
export async function updateAssets(db: Db, assets: Asset[], at: string, bulk: BulkTarget = {}): Promise<void> {
  if (!assets.length) return;
  const rows = assets.map((a) => assetToRow(a, at));
  const cols = ASSET_COLUMNS.filter((c) => c !== 'id');
  if (bulk.raw) {
    const st = bulk.raw.prepare(`UPDATE assets SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`);
    for (const r of rows) st.run([...cols.map((c) => r[c]), r.id]);
  } else if (bulk.pg) {
    for (const part of chunks(rows, 20_000)) {
      const arrays = ASSET_COLUMNS.map((c) => sql`${part.map((r) => r[c] ?? null)}::${sql.raw(PG_INT_COLUMNS.has(c) ? 'integer' : 'text')}[]`);
      await sql`UPDATE assets AS a SET ${sql.join(cols.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`))}
        FROM unnest(${sql.join(arrays)}) AS u(${sql.join(ASSET_COLUMNS.map((c) => sql.ref(c)))}) WHERE a.id = u.id`.execute(db);
    }
  } else {
    for (const { id, ...row } of rows) await db.updateTable('assets').set(row).where('id', '=', id).execute();
  }
  const ids = assets.map((a) => a.id);
  for (const part of chunks(ids, 900)) {
    await db.deleteFrom('asset_identifiers').where('asset_id', 'in', part).execute();
    await db.deleteFrom('services').where('asset_id', 'in', part).execute();
  }
  const idents = assets.flatMap(identifiersOf);
  const svcs = assets.flatMap((a) => a.services.map((s) => serviceToRow(a.id, s)));
  if (bulk.raw) {
    rawRows(bulk.raw, 'asset_identifiers', ['kind', 'value', 'asset_id'], idents);
    rawRows(bulk.raw, 'services', SERVICE_COLUMNS, svcs);
  } else if (bulk.pg) {
    await pgRows(db, 'asset_identifiers', ['kind', 'value', 'asset_id'], idents);
    await pgRows(db, 'services', SERVICE_COLUMNS, svcs);
  } else {
    for (const part of chunks(idents, 2000)) await db.insertInto('asset_identifiers').values(part).execute();
    for (const part of chunks(svcs, 800)) await db.insertInto('services').values(part).execute();
  }
}

export type HistoryInsert = Omit<AssetHistoryTable, 'id'>;

export async function insertHistory(db: Db, rows: HistoryInsert[], bulk: BulkTarget = {}): Promise<void> {
  if (bulk.raw) return rawRows(bulk.raw, 'asset_history', HISTORY_COLUMNS, rows);
  if (bulk.pg) return pgRows(db, 'asset_history', HISTORY_COLUMNS, rows);
  for (const part of chunks(rows, 1000)) await db.insertInto('asset_history').values(part).execute();
}

export async function deleteAsset(db: Db, id: string): Promise<void> {
  await db.deleteFrom('services').where('asset_id', '=', id).execute();
  await db.deleteFrom('asset_identifiers').where('asset_id', '=', id).execute();
  await db.deleteFrom('observations').where('asset_id', '=', id).execute();
  await db.deleteFrom('assets').where('id', '=', id).execute();
}

export async function history(db: Db, assetId: string, since?: string): Promise<HistoryEntry[]> {
  let q = db.selectFrom('asset_history').selectAll().where('asset_id', '=', assetId);
  if (since) q = q.where('at', '>=', since);
  const rows = await q.orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id), assetId: r.asset_id, at: r.at, source: r.source, change: r.change as HistoryEntry['change'], field: r.field,
    before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after),
  }));
}

export interface AssetFilter {
  q?: string;
  class?: string;
  kind?: string;
  zone?: string;
  site?: string;
  vendor?: string;
  owner?: string;
  ip?: string;
  port?: number;
  service?: string;
  /** Restrict to these sites (site scoping of users). */
  sites?: readonly string[];
  sort?: 'name' | 'ip' | 'class' | 'kind' | 'vendor' | 'zone' | 'site' | 'lastSeen' | 'criticality';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

const SORT_COLUMN = {
  name: 'sort_name', ip: 'ips', class: 'class', kind: 'kind', vendor: 'vendor', zone: 'zone', site: 'site', lastSeen: 'last_seen', criticality: 'criticality',
} as const;

function filtered(db: Db, f: AssetFilter) {
  let q = db.selectFrom('assets');
  if (f.class) q = q.where('class', '=', f.class);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.zone) q = q.where('zone', '=', f.zone);
  if (f.site) q = q.where('site', '=', f.site);
  if (f.sites) q = q.where('site', 'in', f.sites.length ? [...f.sites] : ['\u0000']);
  if (f.owner) q = q.where('owner', '=', f.owner);
  if (f.vendor) q = q.where(sql`lower(vendor)`, 'like', `%${f.vendor.toLowerCase()}%`);
  if (f.q) for (const word of f.q.toLowerCase().split(/\s+/).filter(Boolean)) q = q.where('search', 'like', `%${word}%`);
  if (f.ip) q = q.where('id', 'in', db.selectFrom('asset_identifiers').select('asset_id').where('kind', '=', 'ip').where('value', '=', f.ip));
  if (f.port !== undefined || f.service) {
    let s = db.selectFrom('services').select('asset_id');
    if (f.port !== undefined) s = s.where('port', '=', f.port);
    if (f.service) s = s.where('service', '=', f.service);
    q = q.where('id', 'in', s);
  }
  return q;
}

export async function countAssets(db: Db, f: AssetFilter): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listAssets(db: Db, f: AssetFilter): Promise<Asset[]> {
  let q = filtered(db, f).selectAll();
  const col = SORT_COLUMN[f.sort ?? 'name'];
  q = q.orderBy(col, f.order ?? 'asc').orderBy('id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const svcs = new Map<string, Service[]>();
  for (const part of chunks(rows.map((r) => r.id), 900)) {
    const srows = await db.selectFrom('services').selectAll().where('asset_id', 'in', part).orderBy('port').orderBy('transport').execute();
    for (const s of srows) pushTo(svcs, s.asset_id, rowToService(s));
  }
  return rows.map((r) => rowToAsset(r, svcs.get(r.id) ?? []));
}

export async function facet(db: Db, column: 'class' | 'zone' | 'site' | 'kind', f: AssetFilter = {}): Promise<{ value: string | null; count: number }[]> {
  const rows = await filtered(db, f)
    .select([column, (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(column)
    .orderBy(column)
    .execute();
  return rows.map((r) => ({ value: (r as Record<string, unknown>)[column] as string | null, count: Number(r.n) }));
}
