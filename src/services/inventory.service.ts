// Inventory use-cases shared by the CLI, the API, importers and the scan engine: ingest observations
// through the merge rules, edit by hand, list/filter, show, history, remove. One transaction per call.
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { displayName, type Asset, type AssetInput, type HistoryEntry } from '../core/asset.js';
import { MamoriError, type Problem } from '../core/errors.js';
import type { Store } from '../db/open.js';
import * as repo from '../db/repos/assets.repo.js';
import type { Database } from '../db/schema.js';
import { resolveAsset } from '../inventory/identity.js';
import { IdentifierHashIndex } from '../inventory/identifier-index.js';
import { mergeAsset, type Change } from '../inventory/merge.js';
import { listZones } from '../db/repos/zones.repo.js';
import { parseTargetSpec, specsCover } from '../net/targets.js';
import { identityKeys, normalizeHostname, normalizeInput, normalizeIp, normalizeMac, type NormalizedInput } from '../inventory/normalize.js';
import { bulkJournal } from '../db/bulk-journal.js';

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
  /**
   * SQLite bulk-load path (indexes rebuilt after the load, identifier rows written sorted at the end): by
   * default taken when the rows still to import are many compared with the stored inventory; true or false
   * forces it on or off (tests compare both paths).
   */
  bulkLoad?: boolean;
}

export interface IngestResult {
  created: number;
  updated: number;
  unchanged: number;
  /** The asset each input landed on, in input order. */
  assetIds: string[];
}

/** Rows per batch (lookups, merge, writes). SQLite: small batches keep the garbage collector's young
 * generation from promoting each batch's objects; PostgreSQL: fewer round trips. */
const BATCH = 2000;
const BATCH_SQLITE = 500;
/** Fewest rows (still to import) for which the SQLite bulk-load path is worth rebuilding the indexes. */
const BULK_MIN = 10_000;

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

function historyRows(assetId: string, at: string, source: string, changes: readonly Change[]): repo.HistoryInsert[] {
  const rows: repo.HistoryInsert[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    rows.push({
      asset_id: assetId, at, source, change: c.change, field: c.field,
      before: c.before == null ? null : JSON.stringify(c.before), after: c.after == null ? null : JSON.stringify(c.after),
    });
  }
  return rows;
}

/** Whether the working asset still holds the identifier (index entries go stale when one is removed). */
function holds(working: Map<string, Asset>, id: string, kind: string, value: string): boolean {
  const a = working.get(id);
  return a !== undefined && repo.holdsIdentifier(a, kind, value);
}

const countAssets = (raw: repo.RawSqlite) => Number((raw.prepare('SELECT count(*) AS n FROM assets').get() as { n: number }).n);

/** No candidates (shared: callers only read it). */
const NONE: string[] = Object.freeze([]) as unknown as string[];

/** kind → value → id(s) of the assets holding that identifier (one id as a plain string: the usual case). */
type IdentifierIndex = Map<string, Map<string, string | string[]>>;

function indexAdd(index: IdentifierIndex, kind: string, value: string, id: string): void {
  let m = index.get(kind);
  if (!m) index.set(kind, (m = new Map()));
  const cur = m.get(value);
  if (cur === undefined) m.set(value, id);
  else if (typeof cur === 'string') {
    if (cur !== id) m.set(value, [cur, id]);
  } else if (!cur.includes(id)) cur.push(id);
}

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
    const at = opts.at ?? this.now();
    const result: IngestResult = { created: 0, updated: 0, unchanged: 0, assetIds: [] };
    const zoneOf = await this.zoneLocator();
    const target = this.bulk;
    const size = this.store.sqlite ? BATCH_SQLITE : BATCH;
    const problems: Problem[] = [];
    // A large import into a comparatively small SQLite inventory (the bulk-load case below) is written with a
    // rollback journal instead of twice through the WAL.
    const raw0 = target.raw;
    const restoreJournal = raw0 && inputs.length >= BULK_MIN && opts.bulkLoad !== false && inputs.length * 3 > countAssets(raw0) ? bulkJournal(raw0) : undefined;
    try {
      await this.ingestTransaction(inputs, opts, at, result, zoneOf, target, size, problems);
    } finally {
      restoreJournal?.();
    }
    return result;
  }

  private async ingestTransaction(
    inputs: AssetInput[], opts: IngestOptions, at: string, result: IngestResult,
    zoneOf: ((ips: readonly string[]) => { zone: string; site: string | null } | null) | null, target: repo.BulkTarget, size: number, problems: Problem[],
  ): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      const raw = target.raw;
      const state: { importIndex: IdentifierHashIndex | null } = { importIndex: null };
      const stored = raw ? countAssets(raw) : -1;
      // A bulk load that starts on an empty inventory keeps every identifier it could find in memory.
      let storeLookups = true;
      for (let i = 0; i < inputs.length; i += size) {
        // Inputs are normalized a batch at a time (short-lived objects are cheap for the GC). After the first
        // invalid value nothing more is written, but every problem of the call is still collected; the
        // transaction is then rolled back, so nothing was written at all.
        const batch: NormalizedInput[] = [];
        for (let j = i; j < Math.min(i + size, inputs.length); j++) {
          const { value, problems: p } = normalizeInput(inputs[j]!);
          for (const x of p) problems.push({ ...x, line: x.line ?? j + 1 });
          batch.push(value);
        }
        if (problems.length) continue;
        // PostgreSQL plans the identifier lookups from table statistics; a large import inside one
        // transaction makes them stale (a sequential scan per batch), so refresh them as the table grows.
        if (this.store.dialect === 'postgres' && i > 0 && (i / size) % 10 === 1) await sql`ANALYZE asset_identifiers`.execute(trx);
        // SQLite: a large import of mostly new devices into a smaller inventory becomes a bulk load at its
        // first batch that creates mostly new assets (a re-import of known devices never rebuilds indexes).
        const remaining = inputs.length - i;
        const wantsBulk = raw && !target.load && (opts.bulkLoad ?? (remaining >= BULK_MIN && remaining * 3 > stored));
        const bulkNow = wantsBulk ? Object.assign((createdCount: number, n: number) => opts.bulkLoad === true || createdCount * 2 >= n, { rows: remaining }) : null;
        const wasBulk = target.load !== undefined;
        await this.ingestBatch(trx, batch, { ...opts, at }, result, zoneOf, target, bulkNow, state, storeLookups);
        if (target.load && !wasBulk && i === 0 && stored === 0) storeLookups = false;
        opts.onProgress?.(Math.min(i + size, inputs.length));
      }
      if (problems.length) throw new MamoriError('E_INPUT_INVALID', `${problems.length} invalid value(s); nothing was written`, { problems });
      if (raw && target.load) repo.finishBulkLoad(raw, target.load);
    });
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
    target: repo.BulkTarget = this.bulk,
    /** Whether to start the bulk load before writing this batch, given how many of its assets are new. */
    bulkNow: (((created: number, size: number) => boolean) & { rows: number }) | null = null,
    /** During a bulk load: the identifiers of every asset the import created or changed in earlier batches. */
    /**
     * importIndex: during a bulk load, the identifiers of the assets it created or changed in earlier batches
     * (their rows are written when the load ends); created when the load starts, filled after each batch.
     */
    state: { importIndex: IdentifierHashIndex | null } = { importIndex: null },
    /** False when no identifier row in the store can match (then `importIndex` holds them all). */
    storeLookups = true,
  ): Promise<void> {
    const importIndex = state.importIndex;
    const keys = batch.map(identityKeys);
    let stored: repo.IdentifierHits = new Map();
    if (storeLookups) {
      const wanted = new Map<string, string[]>([['key', []], ['serial', []], ['mac', []], ['hostname', []], ['ip', []]]);
      const keyList = wanted.get('key')!;
      const serialList = wanted.get('serial')!;
      const macList = wanted.get('mac')!;
      const hostList = wanted.get('hostname')!;
      const ipList = wanted.get('ip')!;
      for (const k of keys) {
        if (k.key) keyList.push(k.key);
        if (k.serial) serialList.push(k.serial);
        for (const v of k.macs) macList.push(v);
        for (const v of k.hostnames) hostList.push(v);
        for (const v of k.ips) ipList.push(v);
      }
      stored = await repo.findIdentifiers(trx, wanted, target);
    }
    // A bulk load has not written the identifier rows of the assets it created yet: they come from memory,
    // merged in as if read from the table (ids in key order). Each row's identifiers are entered in the same
    // probe, pending until the row's asset is known (`held`, settled in the loop below): the identifiers an
    // input brings are the ones its asset gains; those it had are indexed already.
    const held: number[] = [];
    const heldFrom = new Int32Array(batch.length + 1);
    // Rows that share an identifier with another row of the batch, or found one in memory (1). When nothing
    // is stored to match either, the other rows are new devices that no other row touches: they skip the
    // resolution, the batch index and the address release (which would all find nothing).
    const shared = new Uint8Array(batch.length);
    let row = 0;
    if (importIndex) {
      const hit = (kind: string, v: string) => {
        const ids = importIndex.lookupAndHold(kind, v, held, row, shared);
        if (ids === undefined) return;
        shared[row] = 1;
        let hits = stored.get(kind);
        if (!hits) stored.set(kind, (hits = new Map()));
        const list = hits.get(v) ?? [];
        for (const id of ids) if (!list.includes(id)) list.push(id);
        hits.set(v, list.sort());
      };
      let n = 0;
      for (const k of keys) n += (k.key ? 1 : 0) + (k.serial ? 1 : 0) + k.macs.length + k.hostnames.length + k.ips.length;
      importIndex.reserve(n);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        row = i;
        heldFrom[i] = held.length;
        if (k.key) hit('key', k.key);
        if (k.serial) hit('serial', k.serial);
        for (let j = 0; j < k.macs.length; j++) hit('mac', k.macs[j]!);
        for (let j = 0; j < k.hostnames.length; j++) hit('hostname', k.hostnames[j]!);
        for (let j = 0; j < k.ips.length; j++) hit('ip', k.ips[j]!);
      }
      heldFrom[keys.length] = held.length;
    }
    const toLoad = new Set<string>();
    for (const hits of stored.values()) for (const ids of hits.values()) for (const id of ids) toLoad.add(id);
    const working = await repo.loadAssets(trx, [...toLoad], target);
    // The identifier rows each stored asset has now: updates then write only what changed.
    const original = new Map<string, repo.IdentifierRow[]>();
    for (const [id, a] of working) original.set(id, repo.identifiersOf(a));
    // Identifiers of assets created or changed in this batch, so repeated rows land on one device.
    const local: IdentifierIndex = new Map();
    const index = (a: Asset) => {
      for (let j = 0; j < a.macs.length; j++) indexAdd(local, 'mac', a.macs[j]!, a.id);
      for (let j = 0; j < a.ips.length; j++) indexAdd(local, 'ip', a.ips[j]!, a.id);
      for (let j = 0; j < a.hostnames.length; j++) indexAdd(local, 'hostname', a.hostnames[j]!, a.id);
      if (a.serial) indexAdd(local, 'serial', a.serial.toLowerCase(), a.id);
      if (a.externalId) indexAdd(local, 'key', a.externalId, a.id);
    };
    // The assets holding an identifier, stored ones first. `except`: an asset the caller skips anyway.
    const candidates = (kind: string, value: string, except?: string): string[] => {
      const fromStore = stored.get(kind)?.get(value);
      const fromBatch = local.get(kind)?.get(value);
      if (fromStore === undefined && (fromBatch === undefined || fromBatch === except)) return NONE;
      if (fromStore === undefined && typeof fromBatch === 'string') return holds(working, fromBatch, kind, value) ? [fromBatch] : NONE;
      const out: string[] = [];
      for (const id of [...(fromStore ?? []), ...(typeof fromBatch === 'string' ? [fromBatch] : fromBatch ?? [])]) {
        if (!out.includes(id) && holds(working, id, kind, value)) out.push(id);
      }
      return out;
    };
    const dirty = new Set<string>();
    const history: repo.HistoryInsert[] = [];
    const record = (assetId: string, changes: Change[]) => {
      const rows = historyRows(assetId, opts.at, opts.source, changes);
      for (let j = 0; j < rows.length; j++) history.push(rows[j]!);
    };
    const touched = new Map<string, 'created' | 'updated' | 'unchanged'>();
    // Scan batches: the addresses each device was seen at in this sweep (see SightedElsewhere).
    const sightedAt = new Map<string, Set<string>>();
    const sightedElsewhere = (id: string, ips: readonly string[]) => [...(sightedAt.get(id) ?? [])].some((ip) => !ips.includes(ip));
    const mergeOptions = { source: opts.source, at: opts.at, manual: opts.manual ?? false, sighting: opts.sighting ?? false };
    const assetOf = (id: string) => working.get(id);

    for (let i = 0; i < batch.length; i++) {
      let input = batch[i]!;
      const k = keys[i]!;
      const alone = importIndex !== null && !storeLookups && shared[i] === 0;
      const found = alone ? null : resolveAsset(k, candidates, assetOf, opts.sighting ? sightedElsewhere : undefined);
      const id = found ?? newAssetId();
      if (importIndex) importIndex.settle(held, heldFrom[i]!, heldFrom[i + 1]!, id);
      const before = found === null ? null : working.get(id) ?? null;
      if (zoneOf && input.zone === undefined && !before?.zone && input.ips?.length) {
        const z = zoneOf(input.ips);
        if (z) input = { ...input, zone: z.zone, ...(z.site && input.site === undefined && !before?.site ? { site: z.site } : {}) };
      }
      const merged = mergeAsset(before, id, input, mergeOptions);
      working.set(id, merged.asset);
      if (merged.dirty) dirty.add(id);
      record(id, merged.changes);
      if (!alone) index(merged.asset);
      const state = before === null ? 'created' : merged.changes.length ? 'updated' : 'unchanged';
      const prev = touched.get(id);
      if (!prev || prev === 'unchanged' || state === 'created') touched.set(id, prev === 'created' ? 'created' : state);
      result.assetIds.push(id);
      if (opts.sighting) sightedAt.set(id, new Set([...(sightedAt.get(id) ?? []), ...k.ips]));
      if (!alone) this.releaseClaimedIps(merged.asset, k.macs.length > 0 || k.serial !== null || k.key !== null || k.hostnames.length > 0, candidates, working, dirty, record, opts);
    }

    const created: Asset[] = [];
    const updated: Asset[] = [];
    for (const id of dirty) (original.has(id) ? updated : created).push(working.get(id)!);
    if (bulkNow && target.raw && bulkNow(created.length, batch.length)) target.load = repo.beginBulkLoad(target.raw, bulkNow.rows);
    await repo.insertAssets(trx, created, opts.at, target);
    await repo.updateAssets(trx, updated, opts.at, target, original);
    await repo.insertHistory(trx, history, target);
    for (const state of touched.values()) result[state]++;
    if (target.load && !importIndex) {
      // The load started with this batch: the identifier rows of the assets it creates are not written until
      // it ends. Kept in memory from here on (later batches enter theirs as they look them up).
      const index = (state.importIndex = new IdentifierHashIndex(bulkNow ? bulkNow.rows * 3 : BATCH_SQLITE * 3));
      for (const id of touched.keys()) index.addAsset(working.get(id)!);
      for (const id of dirty) if (!touched.has(id)) index.addAsset(working.get(id)!);
    }
  }

  /** A device identified by MAC/serial/name now holds an address: other devices no longer do (DHCP reuse). */
  private releaseClaimedIps(
    a: Asset, strong: boolean, candidates: (kind: string, value: string, except?: string) => string[], working: Map<string, Asset>, dirty: Set<string>,
    record: (id: string, c: Change[]) => void, opts: IngestOptions & { at: string },
  ): void {
    if (!strong) return;
    for (let i = 0; i < a.ips.length; i++) {
      const ip = a.ips[i]!;
      const others = candidates('ip', ip, a.id);
      for (let j = 0; j < others.length; j++) {
        const otherId = others[j]!;
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
        await repo.updateAssets(trx, [merged.asset], at, {}, new Map([[id, repo.identifiersOf(current)]]));
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
      await repo.insertHistory(trx, [{ asset_id: id, at, source, change: 'removed', field: null, before: JSON.stringify({ name: displayName(a) }), after: null }]);
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
