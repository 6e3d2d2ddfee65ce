// All SQL of the inventory: assets, identifiers, services, history, observations. Rows ↔ domain objects.
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Asset, HistoryEntry, Service } from '../../core/asset.js';
import type { Database } from '../schema.js';
import type { AssetsTable, ServicesTable } from '../tables/inventory.js';

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
    search: searchText(a), first_seen: a.firstSeen, last_seen: a.lastSeen, updated_at: updatedAt,
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

function* chunks<T>(xs: readonly T[], n = CHUNK): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

/** (kind, value) → asset ids holding that identifier. */
export async function findIdentifiers(db: Db, wanted: { kind: string; value: string }[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const byKind = new Map<string, string[]>();
  for (const w of wanted) byKind.set(w.kind, [...(byKind.get(w.kind) ?? []), w.value]);
  for (const [kind, values] of byKind) {
    for (const part of chunks([...new Set(values)], 900)) {
      const rows = await db.selectFrom('asset_identifiers').select(['value', 'asset_id']).where('kind', '=', kind).where('value', 'in', part).execute();
      for (const r of rows) {
        const k = `${kind}:${r.value}`;
        out.set(k, [...(out.get(k) ?? []), r.asset_id]);
      }
    }
  }
  return out;
}

export async function loadAssets(db: Db, ids: readonly string[]): Promise<Map<string, Asset>> {
  const out = new Map<string, Asset>();
  const unique = [...new Set(ids)];
  for (const part of chunks(unique, 900)) {
    const [rows, svcs] = await Promise.all([
      db.selectFrom('assets').selectAll().where('id', 'in', part).execute(),
      db.selectFrom('services').selectAll().where('asset_id', 'in', part).orderBy('port').orderBy('transport').execute(),
    ]);
    const byAsset = new Map<string, Service[]>();
    for (const s of svcs) byAsset.set(s.asset_id, [...(byAsset.get(s.asset_id) ?? []), rowToService(s)]);
    for (const r of rows) out.set(r.id, rowToAsset(r, byAsset.get(r.id) ?? []));
  }
  return out;
}

export async function insertAssets(db: Db, assets: Asset[], at: string): Promise<void> {
  for (const part of chunks(assets, 400)) await db.insertInto('assets').values(part.map((a) => assetToRow(a, at))).execute();
  const ids = assets.flatMap(identifiersOf);
  for (const part of chunks(ids, 2000)) await db.insertInto('asset_identifiers').values(part).execute();
  const svcs = assets.flatMap((a) => a.services.map((s) => serviceToRow(a.id, s)));
  for (const part of chunks(svcs, 800)) await db.insertInto('services').values(part).execute();
}

/** Rewrites the given assets, their identifiers and their services. */
export async function updateAssets(db: Db, assets: Asset[], at: string): Promise<void> {
  for (const a of assets) {
    const { id, ...row } = assetToRow(a, at);
    await db.updateTable('assets').set(row).where('id', '=', id).execute();
  }
  const ids = assets.map((a) => a.id);
  for (const part of chunks(ids, 900)) {
    await db.deleteFrom('asset_identifiers').where('asset_id', 'in', part).execute();
    await db.deleteFrom('services').where('asset_id', 'in', part).execute();
  }
  const idents = assets.flatMap(identifiersOf);
  for (const part of chunks(idents, 2000)) await db.insertInto('asset_identifiers').values(part).execute();
  const svcs = assets.flatMap((a) => a.services.map((s) => serviceToRow(a.id, s)));
  for (const part of chunks(svcs, 800)) await db.insertInto('services').values(part).execute();
}

export interface HistoryInsert {
  asset_id: string;
  at: string;
  source: string;
  change: string;
  field: string | null;
  before: string | null;
  after: string | null;
}

export async function insertHistory(db: Db, rows: HistoryInsert[]): Promise<void> {
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
  name: 'search', ip: 'ips', class: 'class', kind: 'kind', vendor: 'vendor', zone: 'zone', site: 'site', lastSeen: 'last_seen', criticality: 'criticality',
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
    for (const s of srows) svcs.set(s.asset_id, [...(svcs.get(s.asset_id) ?? []), rowToService(s)]);
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
