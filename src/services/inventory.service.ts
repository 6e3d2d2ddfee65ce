// Inventory use-cases shared by the CLI, the API, importers and the scan engine: ingest observations
// through the merge rules, edit by hand, list/filter, show, history, remove. One transaction per call.
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Asset, AssetInput, HistoryEntry } from '../core/asset.js';
import { MamoriError, type Problem } from '../core/errors.js';
import type { Store } from '../db/open.js';
import * as repo from '../db/repos/assets.repo.js';
import type { Database } from '../db/schema.js';
import { resolveAsset } from '../inventory/identity.js';
import { mergeAsset, type Change } from '../inventory/merge.js';
import { listZones } from '../db/repos/zones.repo.js';
import { parseTargetSpec, specsCover } from '../net/targets.js';
import { identityKeys, normalizeHostname, normalizeInput, normalizeIp, normalizeMac, type NormalizedInput } from '../inventory/normalize.js';

export interface IngestOptions {
  /** 'csv', 'nmap', 'json', 'scan', 'manual', 'demo'... kept as the provenance of each fact. */
  source: string;
  manual?: boolean;
  /** Moves lastSeen (a scan saw the device); document imports are not sightings. */
  sighting?: boolean;
  /** Time of the observation (default now). */
  at?: string;
  /** Called after each batch with the number of inputs done so far. */
  onProgress?: (done: number) => void;
}

export interface IngestResult {
  created: number;
  updated: number;
  unchanged: number;
  /** The asset each input landed on, in input order. */
  assetIds: string[];
}

const BATCH = 2000;

let idCounter = 0;
// Random tails come from a pooled buffer: one getrandom call per 4096 ids instead of one per id.
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomHex4(): string {
  if (poolAt + 2 > pool.length) {
    pool = randomBytes(8192);
    poolAt = 0;
  }
  const v = pool.readUInt16BE(poolAt);
  poolAt += 2;
  return v.toString(16).padStart(4, '0');
}
/**
 * Time-ordered ids (creation time in base 36, a counter, a random tail): new assets append to the primary-key
 * B-tree instead of landing at random places in it, which keeps large imports fast.
 */
export const newAssetId = (): string =>
  `a-${Date.now().toString(36).padStart(9, '0')}${(idCounter++ % 46656).toString(36).padStart(3, '0')}${randomHex4()}`;

const historyRows = (assetId: string, at: string, source: string, changes: readonly Change[]): repo.HistoryInsert[] =>
  changes.map((c) => ({
    asset_id: assetId, at, source, change: c.change, field: c.field,
    before: c.before == null ? null : JSON.stringify(c.before), after: c.after == null ? null : JSON.stringify(c.after),
  }));

export class InventoryService {
  constructor(
    readonly store: Store,
    private readonly clock: { now: () => Date } = { now: () => new Date() },
  ) {}

  private get bulk(): repo.BulkTarget {
    return this.store.sqlite ? { raw: this.store.sqlite } : { pg: this.store.dialect === 'postgres' };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Merges observations into the inventory. Invalid identifiers abort the whole call (nothing written). */
  async ingest(inputs: AssetInput[], opts: IngestOptions): Promise<IngestResult> {
    const problems: Problem[] = [];
    const normalized = inputs.map((input, i) => {
      const { value, problems: p } = normalizeInput(input);
      for (const x of p) problems.push({ ...x, line: x.line ?? i + 1 });
      return value;
    });
    if (problems.length) {
      throw new MamoriError('E_INPUT_INVALID', `${problems.length} invalid value(s); nothing was written`, { problems });
    }
    const at = opts.at ?? this.now();
    const result: IngestResult = { created: 0, updated: 0, unchanged: 0, assetIds: [] };
    const zoneOf = await this.zoneLocator();
    await this.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < normalized.length; i += BATCH) {
        // PostgreSQL plans the identifier lookups from table statistics; a large import inside one
        // transaction makes them stale (a sequential scan per batch), so refresh them as the table grows.
        if (this.store.dialect === 'postgres' && i > 0 && (i / BATCH) % 10 === 1) await sql`ANALYZE asset_identifiers`.execute(trx);
        await this.ingestBatch(trx, normalized.slice(i, i + BATCH), { ...opts, at }, result, zoneOf);
        opts.onProgress?.(Math.min(i + BATCH, normalized.length));
      }
    });
    return result;
  }

  /**
   * Zone (and its site) by address, from the zones' CIDRs: a device found inside the plant's cell range is in
   * that zone unless someone said otherwise. Null when no zone has ranges.
   */
  private async zoneLocator(): Promise<((ips: readonly string[]) => { zone: string; site: string | null } | null) | null> {
    const zones = (await listZones(this.store.db)).filter((z) => z.cidrs.length);
    if (!zones.length) return null;
    const compiled = zones.map((z) => ({
      zone: z, specs: z.cidrs.flatMap((c) => {
        try {
          return [parseTargetSpec(c)];
        } catch {
          return []; // a malformed range in a zone is the zone editor's problem, not the import's
        }
      }),
    }));
    return (ips) => {
      for (const ip of ips) {
        const hit = compiled.find((c) => specsCover(c.specs, ip));
        if (hit) return { zone: hit.zone.name, site: hit.zone.site };
      }
      return null;
    };
  }

  private async ingestBatch(
    trx: Transaction<Database>, batch: NormalizedInput[], opts: IngestOptions & { at: string }, result: IngestResult,
    zoneOf: ((ips: readonly string[]) => { zone: string; site: string | null } | null) | null = null,
  ): Promise<void> {
    const keys = batch.map(identityKeys);
    const wanted = keys.flatMap((k) => [
      ...(k.key ? [{ kind: 'key', value: k.key }] : []),
      ...(k.serial ? [{ kind: 'serial', value: k.serial }] : []),
      ...k.macs.map((value) => ({ kind: 'mac', value })),
      ...k.hostnames.map((value) => ({ kind: 'hostname', value })),
      ...k.ips.map((value) => ({ kind: 'ip', value })),
    ]);
    const stored = await repo.findIdentifiers(trx, wanted, this.bulk);
    const working = await repo.loadAssets(trx, [...stored.values()].flat(), this.bulk);
    const original = new Map([...working.keys()].map((id) => [id, true]));
    // Identifiers of assets created or changed in this batch, so repeated rows land on one device.
    const local = new Map<string, Set<string>>();
    const index = (a: Asset) => {
      for (const r of repo.identifiersOf(a)) {
        const k = `${r.kind}:${r.value}`;
        if (!local.has(k)) local.set(k, new Set());
        local.get(k)!.add(a.id);
      }
    };
    const candidates = (kind: string, value: string) => {
      const k = `${kind}:${value}`;
      const fromStore = stored.get(k);
      const fromBatch = local.get(k);
      if (!fromStore && !fromBatch) return [];
      const ids = new Set(fromStore);
      for (const id of fromBatch ?? []) ids.add(id);
      // Drop stale entries: an identifier removed from a working asset earlier in this batch.
      return [...ids].filter((id) => {
        const a = working.get(id);
        return a !== undefined && repo.holdsIdentifier(a, kind, value);
      });
    };
    const dirty = new Set<string>();
    const history: repo.HistoryInsert[] = [];
    const record = (assetId: string, changes: Change[]) => {
      for (const row of historyRows(assetId, opts.at, opts.source, changes)) history.push(row);
    };
    const touched = new Map<string, 'created' | 'updated' | 'unchanged'>();
    // Scan batches: the addresses each device was seen at in this sweep (see SightedElsewhere).
    const sightedAt = new Map<string, Set<string>>();
    const sightedElsewhere = (id: string, ips: readonly string[]) => [...(sightedAt.get(id) ?? [])].some((ip) => !ips.includes(ip));

    batch.forEach((given, i) => {
      let input = given;
      const k = keys[i]!;
      const found = resolveAsset(k, candidates, (id) => working.get(id), opts.sighting ? sightedElsewhere : undefined);
      const id = found ?? newAssetId();
      const before = working.get(id) ?? null;
      if (zoneOf && input.zone === undefined && !before?.zone && input.ips?.length) {
        const z = zoneOf(input.ips);
        if (z) input = { ...input, zone: z.zone, ...(z.site && input.site === undefined && !before?.site ? { site: z.site } : {}) };
      }
      const merged = mergeAsset(before, id, input, { source: opts.source, at: opts.at, manual: opts.manual ?? false, sighting: opts.sighting ?? false });
      working.set(id, merged.asset);
      if (merged.dirty) dirty.add(id);
      record(id, merged.changes);
      index(merged.asset);
      const state = before === null ? 'created' : merged.changes.length ? 'updated' : 'unchanged';
      const prev = touched.get(id);
      if (!prev || prev === 'unchanged' || state === 'created') touched.set(id, prev === 'created' ? 'created' : state);
      result.assetIds.push(id);
      if (opts.sighting) sightedAt.set(id, new Set([...(sightedAt.get(id) ?? []), ...k.ips]));
      this.releaseClaimedIps(merged.asset, k.macs.length > 0 || k.serial !== null || k.key !== null || k.hostnames.length > 0, candidates, working, dirty, record, opts);
    });

    const created: Asset[] = [];
    const updated: Asset[] = [];
    for (const id of dirty) (original.has(id) ? updated : created).push(working.get(id)!);
    await repo.insertAssets(trx, created, opts.at, this.bulk);
    await repo.updateAssets(trx, updated, opts.at, this.bulk);
    await repo.insertHistory(trx, history, this.bulk);
    for (const state of touched.values()) result[state]++;
  }

  /** A device identified by MAC/serial/name now holds an address: other devices no longer do (DHCP reuse). */
  private releaseClaimedIps(
    a: Asset, strong: boolean, candidates: (kind: string, value: string) => string[], working: Map<string, Asset>, dirty: Set<string>,
    record: (id: string, c: Change[]) => void, opts: IngestOptions & { at: string },
  ): void {
    if (!strong) return;
    for (const ip of a.ips) {
      for (const otherId of candidates('ip', ip)) {
        if (otherId === a.id) continue;
        const other = working.get(otherId)!;
        const before = other.ips;
        other.ips = other.ips.filter((x) => x !== ip);
        other.provenance.ips = { source: opts.source, at: opts.at };
        dirty.add(otherId);
        record(otherId, [{ change: 'updated', field: 'ips', before, after: other.ips }]);
      }
    }
  }

  /** Applies a manual edit to one known asset (manual edits win over automatic sources later). */
  async edit(ref: string, patch: AssetInput, source = 'manual'): Promise<Asset> {
    const { value, problems } = normalizeInput(patch);
    if (problems.length) throw new MamoriError('E_INPUT_INVALID', problems.map((p) => `${p.column}: ${p.message}`).join('; '), { problems });
    const at = this.now();
    return this.store.db.transaction().execute(async (trx) => {
      const id = await this.resolveRef(trx, ref);
      const current = (await repo.loadAssets(trx, [id])).get(id)!;
      const merged = mergeAsset(current, id, value, { source, at, manual: true, sighting: false });
      if (merged.dirty) {
        await repo.updateAssets(trx, [merged.asset], at);
        await repo.insertHistory(trx, historyRows(id, at, source, merged.changes));
      }
      return merged.asset;
    });
  }

  async get(ref: string): Promise<Asset | null> {
    try {
      const id = await this.resolveRef(this.store.db, ref);
      return (await repo.loadAssets(this.store.db, [id])).get(id) ?? null;
    } catch (e) {
      if (e instanceof MamoriError && e.code === 'E_NOT_FOUND') return null;
      throw e;
    }
  }

  async require(ref: string): Promise<Asset> {
    const id = await this.resolveRef(this.store.db, ref);
    return (await repo.loadAssets(this.store.db, [id])).get(id)!;
  }

  list(filter: repo.AssetFilter = {}): Promise<Asset[]> {
    return repo.listAssets(this.store.db, filter);
  }

  count(filter: repo.AssetFilter = {}): Promise<number> {
    return repo.countAssets(this.store.db, filter);
  }

  facet(column: 'class' | 'zone' | 'site' | 'kind', filter: repo.AssetFilter = {}) {
    return repo.facet(this.store.db, column, filter);
  }

  async history(ref: string, since?: string): Promise<HistoryEntry[]> {
    const id = await this.resolveRef(this.store.db, ref).catch(async (e) => {
      // A removed asset's history stays answerable by its id.
      const rows = await this.store.db.selectFrom('asset_history').select('asset_id').where('asset_id', '=', ref).limit(1).execute();
      if (rows.length) return ref;
      throw e;
    });
    return repo.history(this.store.db, id, since);
  }

  async remove(ref: string, source = 'manual'): Promise<Asset> {
    const at = this.now();
    return this.store.db.transaction().execute(async (trx) => {
      const id = await this.resolveRef(trx, ref);
      const a = (await repo.loadAssets(trx, [id])).get(id)!;
      await repo.deleteAsset(trx, id);
      await repo.insertHistory(trx, [{ asset_id: id, at, source, change: 'removed', field: null, before: JSON.stringify({ name: repo.displayName(a) }), after: null }]);
      return a;
    });
  }

  /** Services no longer answering (a rescan found the port closed). */
  async closeServices(assetId: string, keys: { transport: 'tcp' | 'udp'; port: number }[], source: string): Promise<void> {
    if (!keys.length) return;
    const at = this.now();
    await this.store.db.transaction().execute(async (trx) => {
      const a = (await repo.loadAssets(trx, [assetId])).get(assetId);
      if (!a) throw new MamoriError('E_NOT_FOUND', `no asset ${assetId}`);
      const gone = a.services.filter((s) => keys.some((k) => k.port === s.port && k.transport === s.transport));
      if (!gone.length) return;
      a.services = a.services.filter((s) => !gone.includes(s));
      await repo.updateAssets(trx, [a], at);
      await repo.insertHistory(trx, gone.map((s) => ({
        asset_id: assetId, at, source, change: 'service-closed', field: `${s.port}/${s.transport}`,
        before: JSON.stringify({ service: s.service, product: s.product, version: s.version }), after: null,
      })));
    });
  }

  async addObservations(rows: { assetId: string; source: string; kind: string; data: Record<string, unknown>; at?: string }[]): Promise<void> {
    if (!rows.length) return;
    const at = this.now();
    for (let i = 0; i < rows.length; i += 500) {
      await this.store.db.insertInto('observations').values(rows.slice(i, i + 500).map((r) => ({
        asset_id: r.assetId, at: r.at ?? at, source: r.source, kind: r.kind, data: JSON.stringify(r.data),
      }))).execute();
    }
  }

  async observations(assetId: string, limit = 100) {
    const rows = await this.store.db.selectFrom('observations').selectAll().where('asset_id', '=', assetId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: Number(r.id), assetId: r.asset_id, at: r.at, source: r.source, kind: r.kind, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  /** An asset by id, id prefix, IP, MAC or host name; ambiguity is an error that lists the choices. */
  async resolveRef(db: Store['db'] | Transaction<Database>, ref: string): Promise<string> {
    const r = ref.trim();
    const exact = await db.selectFrom('assets').select('id').where('id', '=', r).executeTakeFirst();
    if (exact) return exact.id;
    const lookups: { kind: string; value: string | null }[] = [
      { kind: 'ip', value: normalizeIp(r) }, { kind: 'mac', value: normalizeMac(r) }, { kind: 'hostname', value: normalizeHostname(r) }, { kind: 'key', value: r },
    ];
    for (const l of lookups) {
      if (!l.value) continue;
      const rows = await db.selectFrom('asset_identifiers').select('asset_id').where('kind', '=', l.kind).where('value', '=', l.value).execute();
      const ids = [...new Set(rows.map((x) => x.asset_id))];
      if (ids.length === 1) return ids[0]!;
      if (ids.length > 1) throw new MamoriError('E_CONFLICT', `${ref} matches ${ids.length} assets: ${ids.join(', ')}`);
    }
    if (r.length >= 4) {
      const rows = await db.selectFrom('assets').select('id').where('id', 'like', `${r}%`).limit(3).execute();
      if (rows.length === 1) return rows[0]!.id;
      if (rows.length > 1) throw new MamoriError('E_CONFLICT', `${ref} is the start of several asset ids: ${rows.map((x) => x.id).join(', ')}`);
    }
    const byName = await db.selectFrom('assets').select('id').where('name', '=', r).limit(3).execute();
    if (byName.length === 1) return byName[0]!.id;
    throw new MamoriError('E_NOT_FOUND', `no asset matches ${JSON.stringify(ref)} (try an id, IP, MAC or host name)`);
  }
}
