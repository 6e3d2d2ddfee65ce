// All SQL of the inventory: assets, identifiers, services, history, observations. Rows ↔ domain objects.
import { type Kysely, type Transaction, sql } from 'kysely';
import { displayName, type Asset, type HistoryEntry, type Service } from '../../core/asset.js';
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

/** The rows the merge index (asset_identifiers) holds for the asset. */
export function identifiersOf(a: Asset): IdentifierRow[] {
  const rows: IdentifierRow[] = [];
  for (let i = 0; i < a.macs.length; i++) rows.push({ kind: 'mac', value: a.macs[i]!, asset_id: a.id });
  for (let i = 0; i < a.ips.length; i++) rows.push({ kind: 'ip', value: a.ips[i]!, asset_id: a.id });
  for (let i = 0; i < a.hostnames.length; i++) rows.push({ kind: 'hostname', value: a.hostnames[i]!, asset_id: a.id });
  if (a.serial) rows.push({ kind: 'serial', value: a.serial.toLowerCase(), asset_id: a.id });
  if (a.externalId) rows.push({ kind: 'key', value: a.externalId, asset_id: a.id });
  return rows;
}

/** What a person calls the device: its name, else its first host name, IP or id. */

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

function addPart(parts: string[], x: string | null | undefined): void {
  if (x) parts.push(x);
}

/** Lower-cased text of the searchable fields, space-separated (empty and missing ones left out). */
function searchText(a: Asset, name = displayName(a)): string {
  const parts: string[] = [name];
  addPart(parts, a.name);
  addPart(parts, a.id);
  for (let i = 0; i < a.hostnames.length; i++) addPart(parts, a.hostnames[i]);
  for (let i = 0; i < a.ips.length; i++) addPart(parts, a.ips[i]);
  for (let i = 0; i < a.macs.length; i++) addPart(parts, a.macs[i]);
  addPart(parts, a.vendor);
  addPart(parts, a.model);
  addPart(parts, a.kind);
  addPart(parts, a.class);
  addPart(parts, a.os?.name);
  addPart(parts, a.os?.version);
  addPart(parts, a.firmware?.name);
  addPart(parts, a.firmware?.version);
  addPart(parts, a.site);
  addPart(parts, a.zone);
  addPart(parts, a.owner);
  addPart(parts, a.serial);
  addPart(parts, a.externalId);
  for (let i = 0; i < a.tags.length; i++) addPart(parts, a.tags[i]);
  return parts.join(' ').toLowerCase();
}

const sortName = (name: string) => name.toLowerCase().slice(0, 64);

// The provenance of assets created by one import is one shared object under '_' (see the merge): its JSON is
// computed once.
let lastProvenance: { of: unknown; json: string } = { of: null, json: '' };
function provenanceJson(p: Asset['provenance']): string {
  let only: unknown = null;
  for (const k in p) {
    if (k !== '_' || only !== null) return JSON.stringify(p);
    only = p._;
  }
  if (only === null) return '{}';
  if (lastProvenance.of !== only) lastProvenance = { of: only, json: JSON.stringify(p) };
  return lastProvenance.json;
}
const jsonList = (xs: readonly string[]) => (xs.length ? JSON.stringify(xs) : '[]');
const jsonObject = (o: object) => {
  for (const _ in o) return JSON.stringify(o);
  return '{}';
};

export function assetToRow(a: Asset, updatedAt: string): AssetsTable {
  return {
    id: a.id, name: a.name, class: a.class, kind: a.kind, vendor: a.vendor, model: a.model, serial: a.serial,
    os_name: a.os?.name ?? null, os_version: a.os?.version ?? null, fw_name: a.firmware?.name ?? null, fw_version: a.firmware?.version ?? null,
    site: a.site, zone: a.zone, owner: a.owner, criticality: a.criticality, notes: a.notes, external_id: a.externalId,
    ips: JSON.stringify(a.ips), macs: JSON.stringify(a.macs), hostnames: JSON.stringify(a.hostnames), cpes: JSON.stringify(a.cpes),
    tags: JSON.stringify(a.tags), attributes: JSON.stringify(a.attributes), provenance: JSON.stringify(a.provenance),
    search: searchText(a), sort_name: sortName(displayName(a)), first_seen: a.firstSeen, last_seen: a.lastSeen, updated_at: updatedAt,
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

/** Identifier values by kind → kind → value → ids of the assets holding that identifier. */
export type IdentifierHits = Map<string, Map<string, string[]>>;

/** Which stored assets hold these identifiers: `wanted` maps a kind to the values looked up. */
export async function findIdentifiers(db: Db, wanted: ReadonlyMap<string, readonly string[]>, bulk: BulkTarget = {}): Promise<IdentifierHits> {
  const { raw } = bulk;
  const out: IdentifierHits = new Map();
  for (const [kind, values] of wanted) {
    if (!values.length) continue;
    const unique = [...new Set(values)];
    const hits = new Map<string, string[]>();
    out.set(kind, hits);
    if (raw) {
      const rows = rawIn<{ value: string; asset_id: string }>(raw, 'SELECT value, asset_id FROM asset_identifiers WHERE kind = ? AND value IN (?IN)', [kind], unique);
      for (const r of rows) pushTo(hits, r.value, r.asset_id);
      continue;
    }
    if (bulk.pg) {
      const r = await sql<{ value: string; asset_id: string }>`SELECT value, asset_id FROM asset_identifiers WHERE kind = ${kind} AND value = ANY(${unique}::text[])`.execute(db);
      for (const row of r.rows) pushTo(hits, row.value, row.asset_id);
      continue;
    }
    for (const part of chunks(unique, 900)) {
      const rows = await db.selectFrom('asset_identifiers').select(['value', 'asset_id']).where('kind', '=', kind).where('value', 'in', part).execute();
      for (const r of rows) pushTo(hits, r.value, r.asset_id);
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
function rawPrepare(raw: RawSqlite, sqlText: string): import('better-sqlite3').Statement {
  let m = rawCache.get(raw);
  if (!m) rawCache.set(raw, (m = new Map()));
  let st = m.get(sqlText);
  if (!st) m.set(sqlText, (st = raw.prepare(sqlText)));
  return st;
}

type InsertVerb = 'INSERT' | 'INSERT OR IGNORE';
/** INSERT of `rows` rows at once: multi-row VALUES amortise the per-statement cost of better-sqlite3. */
function rawInsert(raw: RawSqlite, table: string, columns: readonly string[], rows: number, verb: InsertVerb = 'INSERT') {
  const one = `(${columns.map(() => '?').join(',')})`;
  return rawPrepare(raw, `${verb} INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array.from({ length: rows }, () => one).join(',')}`);
}

const ASSET_COLUMNS = Object.keys(assetToRow({ id: '', name: null, ips: [], macs: [], hostnames: [], class: null, kind: null, vendor: null, model: null, serial: null, os: null, firmware: null, cpes: [], site: null, zone: null, owner: null, criticality: null, tags: [], notes: null, attributes: {}, externalId: null, firstSeen: '', lastSeen: '', provenance: {}, services: [] }, '')) as (keyof AssetsTable)[];
const SERVICE_COLUMNS = ['asset_id', 'transport', 'port', 'service', 'product', 'version', 'banner', 'extra', 'source', 'first_seen', 'last_seen'] as const;
const HISTORY_COLUMNS = ['asset_id', 'at', 'source', 'change', 'field', 'before', 'after'] as const;
const IDENT_COLUMNS = ['kind', 'value', 'asset_id'] as const;

/**
 * Writes the values of an asset row in ASSET_COLUMNS order into `out` from `at` (the SQLite bulk path binds
 * these directly, without building the row object; a test keeps this in step with assetToRow).
 */
export function setAssetValues(out: unknown[], at: number, a: Asset, updatedAt: string): void {
  out[at] = a.id;
  out[at + 1] = a.name;
  out[at + 2] = a.class;
  out[at + 3] = a.kind;
  out[at + 4] = a.vendor;
  out[at + 5] = a.model;
  out[at + 6] = a.serial;
  out[at + 7] = a.os?.name ?? null;
  out[at + 8] = a.os?.version ?? null;
  out[at + 9] = a.firmware?.name ?? null;
  out[at + 10] = a.firmware?.version ?? null;
  out[at + 11] = a.site;
  out[at + 12] = a.zone;
  out[at + 13] = a.owner;
  out[at + 14] = a.criticality;
  out[at + 15] = a.notes;
  out[at + 16] = a.externalId;
  out[at + 17] = jsonList(a.ips);
  out[at + 18] = jsonList(a.macs);
  out[at + 19] = jsonList(a.hostnames);
  out[at + 20] = jsonList(a.cpes);
  out[at + 21] = jsonList(a.tags);
  out[at + 22] = jsonObject(a.attributes);
  out[at + 23] = provenanceJson(a.provenance);
  const name = displayName(a);
  out[at + 24] = searchText(a, name);
  out[at + 25] = sortName(name);
  out[at + 26] = a.firstSeen;
  out[at + 27] = a.lastSeen;
  out[at + 28] = updatedAt;
}
export const ASSET_COLUMN_ORDER: readonly string[] = ASSET_COLUMNS;

/** Multi-row INSERTs of rows given as value arrays in `columns` order. */
function rawValues(raw: RawSqlite, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], verb: InsertVerb = 'INSERT'): void {
  const width = columns.length;
  const per = Math.max(1, Math.min(64, Math.floor(30000 / width)));
  let i = 0;
  if (rows.length >= per) {
    const st = rawInsert(raw, table, columns, per, verb);
    const values: unknown[] = new Array(per * width);
    for (; i + per <= rows.length; i += per) {
      let o = 0;
      for (let j = i; j < i + per; j++) {
        const r = rows[j]!;
        for (let c = 0; c < width; c++) values[o++] = r[c];
      }
      st.run(values);
    }
  }
  const st = rawInsert(raw, table, columns, 1, verb);
  for (; i < rows.length; i++) st.run(rows[i] as unknown[]);
}

/** The assets' rows, 64 at a time, values built straight into the statement's parameter array. */
function rawAssets(raw: RawSqlite, assets: readonly Asset[], at: string): void {
  const per = 64;
  const width = ASSET_COLUMNS.length;
  let i = 0;
  if (assets.length >= per) {
    const st = rawInsert(raw, 'assets', ASSET_COLUMNS, per);
    const values: unknown[] = new Array(per * width);
    for (; i + per <= assets.length; i += per) {
      for (let j = 0; j < per; j++) setAssetValues(values, j * width, assets[i + j]!, at);
      st.run(values);
    }
  }
  const st = rawInsert(raw, 'assets', ASSET_COLUMNS, 1);
  const values: unknown[] = new Array(width);
  for (; i < assets.length; i++) {
    setAssetValues(values, 0, assets[i]!, at);
    st.run(values);
  }
}

function rawRows<T extends object>(raw: RawSqlite, table: string, columns: readonly (keyof T & string)[], rows: T[]): void {
  rawValues(raw, table, columns, rows.map((r) => columns.map((c) => r[c] as unknown)));
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

export type BulkTarget = { raw?: RawSqlite; pg?: boolean; load?: BulkLoad };

/**
 * A bulk load on SQLite (a large import into a comparatively small inventory), inside the caller's
 * transaction: the secondary indexes are dropped and rebuilt at the end (one sorted build instead of a random
 * B-tree insert per row), and the identifier rows of the assets created by the load are not written one by
 * one: they are derived at the end from the final asset rows, sorted by key. Until then the caller keeps
 * them in memory so that later rows of the same import still find those assets. A failure rolls the whole
 * transaction back, dropped indexes included.
 */
export interface BulkLoad {
  /** assets.rowid before the load: every row above it was created by the load. */
  readonly maxRowid: number;
  readonly indexes: { name: string; sql: string }[];
  /** Assets created by the load so far. */
  created: number;
  readonly cacheSize: number;
}

/** Secondary indexes rebuilt by a bulk load. None of them is read while an import runs. */
const BULK_INDEXES = ['assets_zone_class_idx', 'assets_sort_idx', 'asset_history_asset_idx', 'services_port_idx'];

/**
 * Starts a bulk load of about `rows` assets. The page cache is raised for the load (≈2 KiB per row, at most
 * 2 GiB, allocated only as pages are used) so that the load and the index builds work in memory instead of
 * spilling to the WAL and reading it back; it is restored at the end.
 */
export function beginBulkLoad(raw: RawSqlite, rows: number): BulkLoad {
  const maxRowid = Number((raw.prepare('SELECT coalesce(max(rowid), 0) AS m FROM assets').get() as { m: number | bigint }).m);
  const indexes = raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN (${BULK_INDEXES.map(() => '?').join(',')})`).all(BULK_INDEXES) as { name: string; sql: string }[];
  for (const ix of indexes) raw.exec(`DROP INDEX "${ix.name}"`);
  const cacheSize = Number(raw.pragma('cache_size', { simple: true }));
  const wantKiB = Math.min(2 * 1024 * 1024, rows * 2);
  // A negative cache_size is in KiB, a positive one in pages.
  const hasKiB = cacheSize < 0 ? -cacheSize : (cacheSize * Number(raw.pragma('page_size', { simple: true }))) / 1024;
  if (wantKiB > hasKiB) raw.pragma(`cache_size = ${-Math.round(wantKiB)}`);
  return { maxRowid, indexes, created: 0, cacheSize };
}

/** Writes the identifier rows of the assets created by the load (sorted by key) and rebuilds the indexes. */
export function finishBulkLoad(raw: RawSqlite, load: BulkLoad): void {
  const { n } = raw.prepare('SELECT count(*) AS n FROM assets WHERE rowid > ?').get(load.maxRowid) as { n: number };
  // Rowids grow from the largest one; should SQLite ever pick them otherwise, refuse rather than miss rows.
  if (Number(n) !== load.created) throw new Error(`bulk load: ${n} rows above rowid ${load.maxRowid}, ${load.created} assets created`);
  // MACs, IPs and host names are stored canonical in the JSON lists: the rows come from SQLite itself.
  // OR IGNORE: an asset created by the load and changed later in it already wrote its new identifiers.
  // (No foreign key to check per row since migration 0006.)
  raw.prepare(`INSERT OR IGNORE INTO asset_identifiers (kind, value, asset_id)
    SELECT kind, value, asset_id FROM (
      SELECT 'mac' AS kind, j.value AS value, a.id AS asset_id FROM assets a, json_each(a.macs) j WHERE a.rowid > @m
      UNION ALL SELECT 'ip', j.value, a.id FROM assets a, json_each(a.ips) j WHERE a.rowid > @m
      UNION ALL SELECT 'hostname', j.value, a.id FROM assets a, json_each(a.hostnames) j WHERE a.rowid > @m
    ) ORDER BY 1, 2, 3`).run({ m: load.maxRowid });
  // Serials are matched lower-cased the JavaScript way (SQLite's lower() is ASCII only): built here.
  const rest: unknown[][] = [];
  for (const r of raw.prepare('SELECT id, serial, external_id FROM assets WHERE rowid > ? AND (serial IS NOT NULL OR external_id IS NOT NULL)').iterate(load.maxRowid) as Iterable<{ id: string; serial: string | null; external_id: string | null }>) {
    if (r.serial) rest.push(['serial', r.serial.toLowerCase(), r.id]);
    if (r.external_id) rest.push(['key', r.external_id, r.id]);
  }
  rawValues(raw, 'asset_identifiers', IDENT_COLUMNS, rest, 'INSERT OR IGNORE');
  for (const ix of load.indexes) raw.exec(ix.sql);
  raw.pragma(`cache_size = ${load.cacheSize}`);
}

export async function insertAssets(db: Db, assets: Asset[], at: string, bulk: BulkTarget = {}): Promise<void> {
  const { raw } = bulk;
  if (raw) {
    rawAssets(raw, assets, at);
    // A bulk load writes the identifier rows of the assets it creates when it ends (finishBulkLoad).
    if (bulk.load) bulk.load.created += assets.length;
    else {
      const idents: string[][] = [];
      for (const a of assets) for (const r of identifiersOf(a)) idents.push([r.kind, r.value, r.asset_id]);
      rawValues(raw, 'asset_identifiers', IDENT_COLUMNS, idents);
    }
    const svcs: ServicesTable[] = [];
    for (const a of assets) for (let j = 0; j < a.services.length; j++) svcs.push(serviceToRow(a.id, a.services[j]!));
    if (svcs.length) rawRows(raw, 'services', SERVICE_COLUMNS, svcs);
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

const identKey = (r: IdentifierRow) => `${r.kind}\u0000${r.value}`;

/**
 * Rewrites the given assets, their identifiers and their services. Only the identifier rows that changed are
 * deleted and inserted: `known` gives the rows each asset had when it was loaded (else they are read here).
 */
export async function updateAssets(db: Db, assets: Asset[], at: string, bulk: BulkTarget = {}, known?: ReadonlyMap<string, readonly IdentifierRow[]>): Promise<void> {
  if (!assets.length) return;
  // Without them, the identifiers each asset had are read from its stored row (before it is rewritten).
  const previous = known ?? (await storedIdentifiers(db, assets.map((a) => a.id)));
  const rows = assets.map((a) => assetToRow(a, at));
  const cols = ASSET_COLUMNS.filter((c) => c !== 'id');
  if (bulk.raw) {
    const st = rawPrepare(bulk.raw, `UPDATE assets SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`);
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
  const idents: IdentifierRow[] = [];
  const gone: IdentifierRow[] = [];
  for (const a of assets) {
    // (An asset created by a running bulk load has no rows yet: deleting its old ones does nothing, and its
    // new ones written now are skipped by the OR IGNORE of finishBulkLoad.)
    const now = identifiersOf(a);
    const before = previous.get(a.id) ?? [];
    const had = new Set(before.map(identKey));
    const has = new Set(now.map(identKey));
    for (const r of before) if (!has.has(identKey(r))) gone.push(r);
    for (const r of now) if (!had.has(identKey(r))) idents.push(r);
  }
  await deleteIdentifiers(db, gone, bulk);
  for (const part of chunks(ids, 900)) await db.deleteFrom('services').where('asset_id', 'in', part).execute();
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

/** The identifier rows of stored assets, from their rows (what identifiersOf() gave when they were written). */
async function storedIdentifiers(db: Db, ids: readonly string[]): Promise<Map<string, IdentifierRow[]>> {
  const out = new Map<string, IdentifierRow[]>();
  for (const part of chunks(ids, 900)) {
    const rows = await db.selectFrom('assets').select(['id', 'ips', 'macs', 'hostnames', 'serial', 'external_id']).where('id', 'in', part).execute();
    for (const r of rows) {
      const a = { id: r.id, ips: JSON.parse(r.ips), macs: JSON.parse(r.macs), hostnames: JSON.parse(r.hostnames), serial: r.serial, externalId: r.external_id } as Asset;
      out.set(r.id, identifiersOf(a));
    }
  }
  return out;
}

async function deleteIdentifiers(db: Db, rows: readonly IdentifierRow[], bulk: BulkTarget = {}): Promise<void> {
  if (!rows.length) return;
  if (bulk.raw) {
    const st = rawPrepare(bulk.raw, 'DELETE FROM asset_identifiers WHERE kind = ? AND value = ? AND asset_id = ?');
    for (const r of rows) st.run(r.kind, r.value, r.asset_id);
  } else if (bulk.pg) {
    await sql`DELETE FROM asset_identifiers AS i USING unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.value)}::text[], ${rows.map((r) => r.asset_id)}::text[]) AS d(kind, value, asset_id)
      WHERE i.kind = d.kind AND i.value = d.value AND i.asset_id = d.asset_id`.execute(db);
  } else {
    for (const r of rows) await db.deleteFrom('asset_identifiers').where('kind', '=', r.kind).where('value', '=', r.value).where('asset_id', '=', r.asset_id).execute();
  }
}

export type HistoryInsert = Omit<AssetHistoryTable, 'id'>;

export async function insertHistory(db: Db, rows: HistoryInsert[], bulk: BulkTarget = {}): Promise<void> {
  if (bulk.raw) return rawValues(bulk.raw, 'asset_history', HISTORY_COLUMNS, rows.map((r) => [r.asset_id, r.at, r.source, r.change, r.field, r.before, r.after]));
  if (bulk.pg) return pgRows(db, 'asset_history', HISTORY_COLUMNS, rows);
  for (const part of chunks(rows, 1000)) await db.insertInto('asset_history').values(part).execute();
}

export async function deleteAsset(db: Db, id: string): Promise<void> {
  await db.deleteFrom('services').where('asset_id', '=', id).execute();
  // Identifier rows by their key (the table has no index on asset_id): the ones the asset row names.
  await deleteIdentifiers(db, [...(await storedIdentifiers(db, [id])).values()].flat());
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
