// All SQL of advisory intelligence: advisories (+ vulnerabilities, rules, hashed match keys), KEV entries, matches, user
// decisions and the import log. Bulk writes take an optional raw better-sqlite3 handle (prepared statements in
// the caller's transaction) because multi-row INSERTs through the builder dominate a 250k-CVE ingest.
import type { Kysely, Transaction } from 'kysely';
import { WorkerPool } from '../../core/workers.js';
import type { RowsJob, RowsPage } from './advisory-rows.worker.js';
import type { MatchAsset } from '../../advisories/matching/components.js';
import type { Database } from '../schema.js';
import type { AdvisoriesTable, AdvisoryMatchesTable, AdvisoryRulesTable, AdvisoryVulnsTable, FeedImportsTable, KevEntriesTable, MatchDecisionsTable } from '../tables/advisories.js';

type Db = Kysely<Database> | Transaction<Database>;
export type RawSqlite = import('better-sqlite3').Database;

const chunks = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

const stmtCache = new WeakMap<RawSqlite, Map<string, import('better-sqlite3').Statement>>();
function stmt(raw: RawSqlite, sqlText: string) {
  let m = stmtCache.get(raw);
  if (!m) stmtCache.set(raw, (m = new Map()));
  let s = m.get(sqlText);
  if (!s) m.set(sqlText, (s = raw.prepare(sqlText)));
  return s;
}
function rawInsert<T extends object>(raw: RawSqlite, table: string, rows: readonly T[], mode = 'INSERT'): void {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!) as (keyof T & string)[];
  rawInsertRows(raw, table, cols, rows.map((r) => cols.map((c) => r[c] as unknown)), mode);
}
/** Prepared INSERTs on the raw connection; narrow rows 64 to a statement (the per-statement cost dominates them). */
function rawInsertRows(raw: RawSqlite, table: string, cols: readonly string[], rows: readonly unknown[][], mode = 'INSERT'): void {
  rawInsertWith(raw, table, cols, rows, (r, args, k) => {
    for (const v of r) args[k++] = v;
    return k;
  }, mode);
}
/** Same, reading each row's values from an object (no array per row). */
function rawInsertObjects<T extends object>(raw: RawSqlite, table: string, cols: readonly (keyof T & string)[], rows: readonly T[], mode = 'INSERT'): void {
  rawInsertWith(raw, table, cols, rows, (r, args, k) => {
    for (const c of cols) args[k++] = r[c];
    return k;
  }, mode);
}
function rawInsertWith<R>(raw: RawSqlite, table: string, cols: readonly string[], rows: readonly R[], fill: (r: R, args: unknown[], k: number) => number, mode: string): void {
  if (!rows.length) return;
  const head = `${mode} INTO ${table} (${cols.map((c) => `"${c}"`).join(',')}) VALUES `;
  const tuple = `(${cols.map(() => '?').join(',')})`;
  // Measured: many narrow rows per statement pay off; wide rows (an advisory's 18 columns) go faster one by one.
  const per = cols.length <= 4 ? 64 : 1;
  let i = 0;
  if (rows.length >= per) {
    const many = stmt(raw, head + Array(per).fill(tuple).join(','));
    const args: unknown[] = new Array(per * cols.length);
    for (; i + per <= rows.length; i += per) {
      let k = 0;
      for (let j = i; j < i + per; j++) k = fill(rows[j]!, args, k);
      many.run(args);
    }
  }
  const one = stmt(raw, head + tuple);
  const args: unknown[] = new Array(cols.length);
  for (; i < rows.length; i++) {
    fill(rows[i]!, args, 0);
    one.run(args);
  }
}

export interface AdvisoryWrite {
  row: AdvisoriesTable;
  vulns: AdvisoryVulnsTable[];
  rules: Omit<AdvisoryRulesTable, 'id'>[];
  /** Hashed match keys (matcher: storedKeys / configStoreKeys); the caller updates the postings (updateKeyPostings). */
  keys: number[];
  /** The keys of the previous version of this advisory, when there is one. */
  oldKeys?: number[];
}

export async function existingAdvisories(db: Db, ids: readonly string[]): Promise<Map<string, { content_hash: string; first_seen: string }>> {
  const out = new Map<string, { content_hash: string; first_seen: string }>();
  for (const part of chunks(ids, 500)) {
    const rows = await db.selectFrom('advisories').select(['id', 'content_hash', 'first_seen']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, { content_hash: r.content_hash, first_seen: r.first_seen });
  }
  return out;
}

/** Stored matching data of some advisories (id → advisories.data). */
export async function advisoryDataOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...ids].sort(), 500)) for (const r of await db.selectFrom('advisories').select(['id', 'data']).where('id', 'in', part).execute()) out.set(r.id, r.data);
  return out;
}

const ADVISORY_COLS = ['id', 'format', 'source_id', 'title', 'summary', 'lang', 'revision', 'published_at', 'updated_at', 'url', 'origin', 'fetched_at', 'first_seen', 'content_hash', 'aliases', 'refs', 'data', 'raw'] as const satisfies readonly (keyof AdvisoriesTable)[];
const VULN_COLS = ['advisory_id', 'vuln_key', 'cve', 'title', 'cvss_version', 'cvss_vector', 'cvss_score', 'cvss', 'cwes'] as const satisfies readonly (keyof AdvisoryVulnsTable)[];

/** Replaces the given advisories whole (row, vulnerabilities, rules, match keys). */
export async function replaceAdvisories(db: Db, writes: readonly AdvisoryWrite[], raw?: RawSqlite, existing?: ReadonlySet<string>): Promise<void> {
  if (!writes.length) return;
  // Only advisories already stored have old rows to remove (a first ingest deletes nothing).
  const ids = writes.map((w) => w.row.id).filter((id) => !existing || existing.has(id));
  if (raw) {
    const delV = stmt(raw, 'DELETE FROM advisory_vulns WHERE advisory_id = ?');
    const delR = stmt(raw, 'DELETE FROM advisory_rules WHERE advisory_id = ?');
    const old = new Set(ids);
    for (const id of old) (delV.run(id), delR.run(id));
    rawInsertObjects(raw, 'advisories', ADVISORY_COLS, writes.map((w) => w.row), old.size ? 'INSERT OR REPLACE' : 'INSERT');
    rawInsertObjects(raw, 'advisory_vulns', VULN_COLS, writes.flatMap((w) => w.vulns));
    rawInsert(raw, 'advisory_rules', writes.flatMap((w) => w.rules));
    return;
  }
  for (const part of chunks(ids, 500)) {
    await db.deleteFrom('advisory_rules').where('advisory_id', 'in', part).execute();
    await db.deleteFrom('advisory_vulns').where('advisory_id', 'in', part).execute();
    await db.deleteFrom('advisories').where('id', 'in', part).execute();
  }
  for (const part of chunks(writes.map((w) => w.row), 200)) {
    if (existing) await db.deleteFrom('advisories').where('id', 'in', part.map((r) => r.id)).execute();
    await db.insertInto('advisories').values(part).execute();
  }
  for (const part of chunks(writes.flatMap((w) => w.vulns), 500)) await db.insertInto('advisory_vulns').values(part).execute();
  for (const part of chunks(writes.flatMap((w) => w.rules), 500)) await db.insertInto('advisory_rules').values(part).execute();
}

/**
 * Applies key changes to the postings (one row per key): `changes` yields, per key in ascending order, the ids
 * to remove first and the ids to add. `fresh`: the table held nothing for these advisories before (a first
 * import), so nothing is read back.
 */
export async function updateKeyPostings(db: Db, changes: Iterable<{ key: number; remove: readonly string[]; add: readonly string[] }>, fresh: boolean, raw?: RawSqlite): Promise<void> {
  const rows: [number, string][] = [];
  const gone: number[] = [];
  const apply = async (part: { key: number; remove: readonly string[]; add: readonly string[] }[]) => {
    if (!part.length) return;
    const current = new Map<number, string>();
    if (!fresh) for (const r of await db.selectFrom('advisory_key_postings').select(['key', 'advisory_ids']).where('key', 'in', part.map((c) => c.key)).execute()) current.set(Number(r.key), r.advisory_ids);
    for (const c of part) {
      const before = current.get(c.key);
      let ids: readonly string[];
      if (!before && !c.remove.length) ids = c.add;
      else {
        const set = new Set(before ? before.split(' ') : []);
        for (const id of c.remove) set.delete(id);
        for (const id of c.add) set.add(id);
        ids = [...set];
      }
      if (ids.length) rows.push([c.key, ids.join(' ')]);
      else if (before) gone.push(c.key);
    }
  };
  let part: { key: number; remove: readonly string[]; add: readonly string[] }[] = [];
  for (const c of changes) {
    part.push(c);
    if (part.length === 500) (await apply(part), (part = []));
  }
  await apply(part);
  if (raw) {
    const del = stmt(raw, 'DELETE FROM advisory_key_postings WHERE key = ?');
    for (const k of gone) del.run(k);
    rawInsertRows(raw, 'advisory_key_postings', ['key', 'advisory_ids'], rows, 'INSERT OR REPLACE');
    return;
  }
  for (const p of chunks(gone, 500)) await db.deleteFrom('advisory_key_postings').where('key', 'in', p).execute();
  for (const p of chunks(rows, 500)) {
    await db.insertInto('advisory_key_postings').values(p.map(([key, advisory_ids]) => ({ key, advisory_ids }))).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ advisory_ids: eb.ref('excluded.advisory_ids') }))).execute();
  }
}

/**
 * Ids of the advisories that share a hashed match key with `keys`, in the order the keys list them (keys in
 * ascending order): advisories about one product come together, which lets a caller split them by product.
 */
export async function candidateAdvisoryIds(db: Db, keys: readonly number[], raw?: RawSqlite): Promise<string[]> {
  const ids = new Set<string>();
  const sorted = [...new Set(keys)].sort((a, b) => a - b);
  if (raw) {
    // In key order (the IN lists are of ascending keys, and SQLite returns their rows in key order).
    eachIn(raw, 'SELECT advisory_ids FROM advisory_key_postings WHERE key IN', sorted, (r) => {
      for (const id of (r[0] as string).split(' ')) ids.add(id);
    });
  } else {
    const lists = new Map<number, string>();
    for (const part of chunks(sorted, 500)) {
      for (const r of await db.selectFrom('advisory_key_postings').select(['key', 'advisory_ids']).where('key', 'in', part).execute()) lists.set(Number(r.key), r.advisory_ids);
    }
    for (const k of sorted) for (const id of lists.get(k)?.split(' ') ?? []) ids.add(id);
  }
  return [...ids];
}

/** The stored matching data (`data`) of these advisories (ids gone from the store are skipped). */
export async function advisoryDataOfIds(db: Db, ids: readonly string[], raw?: RawSqlite): Promise<{ ids: string[]; data: string[] }> {
  const out = { ids: [] as string[], data: [] as string[] };
  if (raw) {
    eachAdvisoryData(raw, ids, (id, data) => (out.ids.push(id), out.data.push(data)));
    return out;
  }
  for (const part of chunks(ids, 500)) for (const r of await db.selectFrom('advisories').select(['id', 'data']).where('id', 'in', part).execute()) (out.ids.push(r.id), out.data.push(r.data));
  return out;
}

/** Same as advisoryDataOfIds on a SQLite connection (also from a worker thread's own connection), in id order. */
export function eachAdvisoryData(raw: RawSqlite, ids: readonly string[], each: (id: string, data: string) => void): void {
  eachIn(raw, 'SELECT id, data FROM advisories WHERE id IN', ids, (r) => each(r[0] as string, r[1] as string));
}

/** Rows per IN list: one statement run per 64 ids costs half of a point query per id (better-sqlite3's per-call cost). */
const IN_BATCH = 64;
/** Runs `select` (ending in `IN`) over `values`, IN_BATCH at a time, each row as an array of its columns. */
function eachIn(raw: RawSqlite, select: string, values: readonly unknown[], each: (row: unknown[]) => void): void {
  let i = 0;
  if (values.length >= IN_BATCH) {
    const many = stmt(raw, `${select} (${Array(IN_BATCH).fill('?').join(',')})`).raw();
    for (; i + IN_BATCH <= values.length; i += IN_BATCH) for (const r of many.iterate(values.slice(i, i + IN_BATCH)) as Iterable<unknown[]>) each(r);
  }
  if (i < values.length) {
    const rest = values.slice(i);
    for (const r of stmt(raw, `${select} (${rest.map(() => '?').join(',')})`).raw().iterate(rest) as Iterable<unknown[]>) each(r);
  }
}

export async function upsertKev(db: Db, rows: readonly KevEntriesTable[], raw?: RawSqlite): Promise<void> {
  if (raw) return rawInsert(raw, 'kev_entries', rows, 'INSERT OR REPLACE');
  for (const part of chunks(rows, 400)) {
    await db.deleteFrom('kev_entries').where('cve', 'in', part.map((r) => r.cve)).execute();
    await db.insertInto('kev_entries').values(part).execute();
  }
}

export async function kevFor(db: Db, cves: readonly string[]): Promise<Map<string, KevEntriesTable>> {
  const out = new Map<string, KevEntriesTable>();
  for (const part of chunks([...new Set(cves)], 500)) for (const r of await db.selectFrom('kev_entries').selectAll().where('cve', 'in', part).execute()) out.set(r.cve, r);
  return out;
}

/**
 * Advisory row ids a user's reference names: a CVE (every advisory citing it) or an advisory id. Records of a
 * streamed NVD feed have no advisory_vulns row: the advisory is the CVE (source_id).
 */
export async function advisoryIdsFor(db: Db, ref: string): Promise<string[]> {
  const r = ref.trim().toUpperCase();
  if (/^CVE-\d{4}-\d+$/.test(r)) {
    const rows = await db.selectFrom('advisory_vulns').select('advisory_id').distinct().where('cve', '=', r).execute();
    const nvd = await db.selectFrom('advisories').select('id').where('source_id', '=', r).where('format', '=', 'nvd-cve-2.0').execute();
    return [...new Set([...rows.map((x) => x.advisory_id), ...nvd.map((x) => x.id)])].sort();
  }
  const rows = await db.selectFrom('advisories').select('id').where((eb) => eb(eb.fn('upper', ['source_id']), '=', r)).orderBy('id').execute();
  return rows.map((x) => x.id);
}

/**
 * A first import into an empty store: the secondary indexes go before the load and come back after it (same
 * transaction; one sort instead of 250,000 random B-tree inserts that no longer fit the page cache).
 */
export const BULK_INDEXES = [
  { name: 'advisories_source_idx', table: 'advisories', column: 'source_id' },
  { name: 'advisory_vulns_cve_idx', table: 'advisory_vulns', column: 'cve' },
] as const;
/** Returns what restores the connection's page cache size (a bulk load appends: a small cache does). */
export function dropBulkIndexes(raw: RawSqlite): () => void {
  for (const i of BULK_INDEXES) raw.exec(`DROP INDEX IF EXISTS ${i.name}`);
  const cache = raw.pragma('cache_size', { simple: true }) as number;
  raw.pragma('cache_size = -16384');
  return () => raw.pragma(`cache_size = ${Number(cache)}`);
}
export function createBulkIndexes(raw: RawSqlite): void {
  for (const i of BULK_INDEXES) raw.exec(`CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.table} (${i.column})`);
}

export async function advisoryRows(db: Db, ids: readonly string[]): Promise<Omit<AdvisoriesTable, 'raw' | 'data'>[]> {
  const out: Omit<AdvisoriesTable, 'raw' | 'data'>[] = [];
  for (const part of chunks(ids, 500)) {
    out.push(...(await db.selectFrom('advisories').select(['id', 'format', 'source_id', 'title', 'summary', 'lang', 'revision', 'published_at', 'updated_at', 'url', 'origin', 'fetched_at', 'first_seen', 'content_hash', 'aliases', 'refs']).where('id', 'in', part).execute()));
  }
  return out;
}

export async function vulnRows(db: Db, advisoryIds: readonly string[]): Promise<AdvisoryVulnsTable[]> {
  const out: AdvisoryVulnsTable[] = [];
  for (const part of chunks(advisoryIds, 500)) out.push(...(await db.selectFrom('advisory_vulns').selectAll().where('advisory_id', 'in', part).execute()));
  return out;
}

export type MatchRow = Omit<AdvisoryMatchesTable, 'first_seen' | 'changed_at'>;
const matchKey = (r: { asset_id: string; advisory_id: string; vuln_key: string }) => `${r.asset_id}\u0001${r.advisory_id}\u0001${r.vuln_key}`;

/**
 * Replaces the matches of a scope (some assets, or some advisories) with `rows`. A match whose verdict did not
 * change keeps its first_seen and changed_at, so "what's new" means new or changed verdicts. Returns how many changed.
 */
export async function replaceMatches(db: Db, scope: { assetIds: readonly string[] } | { advisoryIds: readonly string[] }, rows: readonly MatchRow[], at: string, raw?: RawSqlite): Promise<number> {
  const column = 'assetIds' in scope ? 'asset_id' : 'advisory_id';
  const ids = 'assetIds' in scope ? scope.assetIds : scope.advisoryIds;
  const old = new Map<string, { verdict: string; first_seen: string; changed_at: string }>();
  for (const part of chunks(ids, 500)) {
    const found = await db.selectFrom('advisory_matches').select(['asset_id', 'advisory_id', 'vuln_key', 'verdict', 'first_seen', 'changed_at']).where(column, 'in', part).execute();
    for (const r of found) old.set(matchKey(r), r);
  }
  let changed = 0;
  const full: AdvisoryMatchesTable[] = rows.map((r) => {
    const o = old.get(matchKey(r));
    old.delete(matchKey(r));
    if (!o || o.verdict !== r.verdict) changed++;
    return { ...r, first_seen: o?.first_seen ?? at, changed_at: o && o.verdict === r.verdict ? o.changed_at : at };
  });
  changed += old.size; // matches that disappeared
  if (raw) {
    const del = stmt(raw, `DELETE FROM advisory_matches WHERE ${column} = ?`);
    for (const id of ids) del.run(id);
    rawInsert(raw, 'advisory_matches', full);
    return changed;
  }
  for (const part of chunks(ids, 500)) await db.deleteFrom('advisory_matches').where(column, 'in', part).execute();
  for (const part of chunks(full, 400)) await db.insertInto('advisory_matches').values(part).execute();
  return changed;
}

export async function deleteMatchesOfAssets(db: Db, assetIds: readonly string[]): Promise<void> {
  for (const part of chunks(assetIds, 500)) await db.deleteFrom('advisory_matches').where('asset_id', 'in', part).execute();
}

export interface MatchFilter {
  advisoryIds?: readonly string[];
  cve?: string;
  assetIds?: readonly string[];
  zone?: string;
  kevOnly?: boolean;
  verdicts?: readonly string[];
  changedSince?: string;
}

export interface MatchListRow extends AdvisoryMatchesTable {
  source_id: string;
  format: string;
  title: string;
  asset_name: string | null;
  hostnames: string;
  ips: string;
  class: string | null;
  kind: string | null;
  site: string | null;
  zone: string | null;
  owner: string | null;
  kev_added_at: string | null;
  kev_ransomware: number | null;
}

export async function listMatches(db: Db, f: MatchFilter): Promise<MatchListRow[]> {
  let q = db
    .selectFrom('advisory_matches as m')
    .innerJoin('advisories as a', 'a.id', 'm.advisory_id')
    .innerJoin('assets as s', 's.id', 'm.asset_id')
    .leftJoin('kev_entries as k', 'k.cve', 'm.cve')
    .selectAll('m')
    .select(['a.source_id', 'a.format', 'a.title', 's.name as asset_name', 's.hostnames', 's.ips', 's.class', 's.kind', 's.site', 's.zone', 's.owner', 'k.added_at as kev_added_at', 'k.known_ransomware as kev_ransomware']);
  if (f.advisoryIds) q = q.where('m.advisory_id', 'in', f.advisoryIds.length ? [...f.advisoryIds] : ['\u0000']);
  if (f.cve) q = q.where('m.cve', '=', f.cve);
  if (f.assetIds) q = q.where('m.asset_id', 'in', f.assetIds.length ? [...f.assetIds] : ['\u0000']);
  if (f.zone) q = q.where('s.zone', '=', f.zone);
  if (f.kevOnly) q = q.where('k.cve', 'is not', null);
  if (f.verdicts) q = q.where('m.verdict', 'in', [...f.verdicts]);
  if (f.changedSince) q = q.where('m.changed_at', '>', f.changedSince);
  return (await q.orderBy('m.priority', 'desc').orderBy('m.asset_id').orderBy('a.source_id').orderBy('m.vuln_key').execute()) as MatchListRow[];
}

export async function upsertDecision(db: Db, d: MatchDecisionsTable): Promise<void> {
  await db.deleteFrom('match_decisions').where('asset_id', '=', d.asset_id).where('vuln_key', '=', d.vuln_key).execute();
  await db.insertInto('match_decisions').values(d).execute();
}

export async function decisionsFor(db: Db, assetIds: readonly string[]): Promise<Map<string, MatchDecisionsTable>> {
  const out = new Map<string, MatchDecisionsTable>();
  for (const part of chunks([...new Set(assetIds)], 500)) for (const r of await db.selectFrom('match_decisions').selectAll().where('asset_id', 'in', part).execute()) out.set(`${r.asset_id}\u0001${r.vuln_key}`, r);
  return out;
}

export async function insertImport(db: Db, row: Omit<FeedImportsTable, 'id'>): Promise<void> {
  await db.insertInto('feed_imports').values(row).execute();
}

export async function recentImports(db: Db, limit = 2): Promise<Omit<FeedImportsTable, 'id'>[]> {
  return db.selectFrom('feed_imports').select(['at', 'origin', 'formats', 'advisories_new', 'advisories_updated', 'advisories_unchanged', 'kev_entries', 'matches_changed']).orderBy('id', 'desc').limit(limit).execute();
}

export async function feedSummary(db: Db): Promise<{ format: string; advisories: number; last_fetched: string | null }[]> {
  const rows = await db.selectFrom('advisories').select((eb) => ['format', eb.fn.countAll<number>().as('advisories'), eb.fn.max('fetched_at').as('last_fetched')]).groupBy('format').orderBy('format').execute();
  return rows.map((r) => ({ format: r.format, advisories: Number(r.advisories), last_fetched: (r.last_fetched as string | null) ?? null }));
}

export async function kevSummary(db: Db): Promise<{ entries: number; catalog_version: string | null }> {
  const r = await db.selectFrom('kev_entries').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('catalog_version').as('v')]).executeTakeFirst();
  return { entries: Number(r?.n ?? 0), catalog_version: (r?.v as string | null) ?? null };
}

/** The inventory as the matcher reads it (assets + services), all of it or some ids, with what priorities need. */
export interface MatchAssetRow extends MatchAsset {
  zone: string | null;
  criticality: number | null;
}

type MatchService = MatchAsset['services'][number];

const parseJson = <T>(s: string | null, fallback: T): T => {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export async function loadMatchAssets(db: Db, ids?: readonly string[]): Promise<MatchAssetRow[]> {
  const cols = ['id', 'vendor', 'model', 'serial', 'os_name', 'os_version', 'fw_name', 'fw_version', 'cpes', 'attributes', 'zone', 'criticality'] as const;
  const svcCols = ['asset_id', 'transport', 'port', 'service', 'product', 'version', 'extra'] as const;
  let rows;
  let svcs;
  if (ids) {
    rows = [];
    svcs = [];
    // Appended one by one: spreading a big result into push() overflows the call stack.
    for (const part of chunks([...new Set(ids)], 500)) {
      for (const r of await db.selectFrom('assets').select(cols).where('id', 'in', part).execute()) rows.push(r);
      for (const s of await db.selectFrom('services').select(svcCols).where('asset_id', 'in', part).execute()) svcs.push(s);
    }
  } else {
    rows = await db.selectFrom('assets').select(cols).execute();
    svcs = await db.selectFrom('services').select(svcCols).execute();
  }
  const byAsset = new Map<string, MatchService[]>();
  for (const s of svcs) {
    const list = byAsset.get(s.asset_id) ?? [];
    list.push({ transport: s.transport, port: Number(s.port), service: s.service, product: s.product, version: s.version, extra: parseJson(s.extra, {}) });
    byAsset.set(s.asset_id, list);
  }
  const sw = (name: string | null, version: string | null) => (name === null && version === null ? null : { name, version });
  return rows.map((r) => ({
    id: r.id, vendor: r.vendor, model: r.model, serial: r.serial, os: sw(r.os_name, r.os_version), firmware: sw(r.fw_name, r.fw_version),
    cpes: parseJson(r.cpes, []), attributes: parseJson(r.attributes, {}), services: byAsset.get(r.id) ?? [], zone: r.zone,
    criticality: r.criticality === null ? null : Number(r.criticality),
  }));
}

export async function zoneKinds(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('zones').select(['name', 'kind']).execute();
  return new Map(rows.map((r) => [r.name, r.kind]));
}

export async function existingAssetIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(ids)], 500)) for (const r of await db.selectFrom('assets').select('id').where('id', 'in', part).execute()) out.add(r.id);
  return out;
}

/** Assets never matched, or changed (updated_at) since they were last matched. */
export async function staleAssetIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('assets as a')
    .leftJoin('asset_match_state as s', 's.asset_id', 'a.id')
    .select('a.id')
    .where((eb) => eb.or([eb('s.matched_at', 'is', null), eb('a.updated_at', '>', eb.ref('s.matched_at'))]))
    .execute();
  return rows.map((r) => r.id);
}

export async function markMatched(db: Db, assetIds: readonly string[], at: string): Promise<void> {
  for (const part of chunks([...new Set(assetIds)], 500)) {
    await db.deleteFrom('asset_match_state').where('asset_id', 'in', part).execute();
    await db.insertInto('asset_match_state').values(part.map((asset_id) => ({ asset_id, matched_at: at }))).execute();
  }
}

export async function hasAdvisories(db: Db): Promise<boolean> {
  return (await db.selectFrom('advisories').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Reads advisory rows from a SQLite store file in a worker thread of its own, page after page, while the caller
 * works on the pages already read (a full match compiles them). Started before it is needed, so that its start-up
 * overlaps other work; closed by the caller.
 */
export class AdvisoryRowReader {
  private readonly pool = new WorkerPool<RowsJob, RowsPage>(import.meta.url, 'advisory-rows.worker', 1);

  /** The rows of these ids (ids gone from the store are skipped), `pageSize` at a time, in order. */
  async *pages(file: string, ids: readonly string[], pageSize: number): AsyncGenerator<RowsPage> {
    const pending: Promise<RowsPage>[] = [];
    for (let at = 0; at < ids.length; at += pageSize) {
      const p = this.pool.run({ file, ids: ids.slice(at, at + pageSize) });
      // Awaited in its turn; until then its failure must not count as an unhandled rejection.
      p.catch(() => undefined);
      pending.push(p);
    }
    for (const p of pending) yield await p;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
