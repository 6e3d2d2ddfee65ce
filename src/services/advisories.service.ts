// Advisory intelligence use-cases shared by the CLI and the API: import feeds (files, folders, ZIPs, CSAF
// provider mirrors, whole NVD feeds streamed) in ONE transaction — a bad file aborts the import and nothing is
// written —, match new or changed advisories against the inventory and changed assets against the advisories
// (incremental: `rematchAssets(ids)` is what the inventory side calls), answer "which assets are affected by X"
// and "what is open on asset Y / in zone Z / in KEV / new since the last import", and record user decisions.
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { MamoriError, type Problem } from '../core/errors.js';
import type { AdvisoryVerdict } from '../core/vocabulary.js';
import type { Store } from '../db/open.js';
import type { Database } from '../db/schema.js';
import * as repo from '../db/repos/advisories.repo.js';
import type { KevEntriesTable } from '../db/tables/advisories.js';
import { decodeDocument } from '../advisories/formats/index.js';
import { validateCsaf } from '../advisories/formats/csaf/csaf-validate.js';
import { leanNvdCve, storedConfigs, type NvdLean, type NvdStoredData } from '../advisories/formats/nvd/nvd.format.js';
import { leanRow, rowHash, type LeanRow, type RecordFault } from '../advisories/formats/nvd/nvd-lean-rows.js';
import { leanRowStream } from '../advisories/formats/nvd/nvd-lean-stream.js';
import { storedCvss, storedDataKeys } from '../advisories/formats/stored.js';
import type { AdvisoryVuln, Cvss, FeedRecord, KevAssertion, NormalizedAdvisory } from '../advisories/formats/types.js';
import { AdvisoryIndex, groupAssets, InventoryIndex, storedKeys } from '../advisories/matching/matcher.js';
import { storedVerdict, type StoredVerdict } from '../advisories/matching/stored-match.js';
import { KeyChanges } from '../advisories/matching/key-changes.js';
import { bestCvss, priorityOf } from '../advisories/priority.js';
import { openStream, readSources, STREAM_THRESHOLD, type SourceFile } from '../advisories/sources/local.source.js';
import { bulkJournal } from '../db/bulk-journal.js';
import { DECISIONS, type Decision } from '../core/vocabulary.js';
import { workerCount } from '../core/workers.js';
import { groupStoreKeys, matchAssetsStored } from './advisory-match.js';

export interface ImportProgress {
  phase: 'read' | 'parse' | 'write' | 'match';
  done: number;
  total?: number;
  file?: string;
}

/** How a streamed NVD feed is read (defaults fit real feeds; tests and benchmarks set them). */
export interface StreamOptions {
  /** Worker threads for the per-record work; default workerCount(1) (MAMORI_WORKERS overrides; 0 = none). */
  workers?: number;
  /** Files from this size (bytes) use the workers; default PARALLEL_FROM. */
  workersFrom?: number;
  /** Records per batch handed to a worker. */
  batchRecords?: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  keepRaw?: boolean;
  stream?: StreamOptions;
}

/**
 * Streamed files from this size have their records made rows by a worker thread: a small file is not worth a
 * worker's start (its modules loaded, its memos cold). Files are streamed from 64 MB on, so in real use every
 * streamed feed is; tests lower it (StreamOptions.workersFrom).
 */
export const PARALLEL_FROM = 32 * 1024 * 1024;

export interface ImportSummary {
  files: number;
  formats: Record<string, number>;
  advisories: { new: number; updated: number; unchanged: number };
  kevEntries: number;
  matchesChanged: number;
  warnings: Problem[];
}


export interface MatchView {
  asset: { id: string; name: string | null; hostnames: string[]; ips: string[]; class: string | null; kind: string | null; site: string | null; zone: string | null; owner: string | null };
  advisory: { id: string; format: string; title: string };
  cve: string | null;
  verdict: AdvisoryVerdict;
  confidence: string;
  reasons: string[];
  evidence: unknown[];
  priority: number;
  priorityReasons: string[];
  kev: { addedAt: string | null; knownRansomware: boolean | null } | null;
  team: string;
  decision: { decision: string; reason: string; by: string; at: string; applies: boolean } | null;
  firstSeen: string;
  changedAt: string;
}

interface ImportContext {
  trx: Transaction<Database>;
  at: string;
  raw: repo.RawSqlite | undefined;
  inv: InventoryIndex;
  /** Hashed store keys of the inventory: an advisory sharing none is not compiled nor matched. */
  invKeys: Set<number>;
  meta: { byId: Map<string, repo.MatchAssetRow>; zones: Map<string, string> };
  matchesChanged: number;
  /** No advisory was stored before this import: nothing to look up or delete, except what this import wrote. */
  firstFeed: boolean;
  /** Key postings to update at the end of the import (one read-modify-write per touched key); what it wrote. */
  keyChanges: KeyChanges;
}

/** One advisory about to be written: its row is built only when it is new or changed. */
interface Pending {
  id: string;
  hash: string;
  build(firstSeen: string): repo.AdvisoryWrite;
  /** Adds it to a matcher index (compiled only when the advisory shares a key with the inventory). */
  addTo(index: AdvisoryIndex): void;
}

const advisoryKey = (a: NormalizedAdvisory) => `${a.source.format}:${a.source.id}`;
const vulnKey = (advisorySourceId: string, cve: string | null) => cve ?? advisorySourceId;
/** Content identity: the normalized advisory without provenance (where it came from, raw bytes). */
const hashOf = (a: NormalizedAdvisory) => sha1(JSON.stringify({ ...a, raw: undefined, origin: undefined }));
/** One-shot hashing where Node has it (20.12+): no Hash object per record. */
const sha1 = (s: string): string => (typeof oneShotHash === 'function' ? oneShotHash('sha1', s, 'hex') : createHash('sha1').update(s).digest('hex'));

export class AdvisoriesService {
  constructor(
    readonly store: Store,
    private readonly clock: { now: () => Date } = { now: () => new Date() },
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Reads, validates and parses everything first; writes and re-matches in one transaction. */
  async importPaths(paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
    const files: SourceFile[] = [];
    for await (const f of readSources(paths)) {
      files.push(f);
      opts.onProgress?.({ phase: 'read', done: files.length, file: f.name });
    }
    if (!files.length) throw new MamoriError('E_INPUT_INVALID', `no feed files found in ${paths.join(', ')}`);
    return this.importFiles(files, paths.join(' '), opts);
  }

  /** Documents already in memory (API uploads): same checks, same single transaction. */
  async importFiles(files: readonly SourceFile[], origin: string, opts: ImportOptions = {}): Promise<ImportSummary> {
    const summary: ImportSummary = { files: files.length, formats: {}, advisories: { new: 0, updated: 0, unchanged: 0 }, kevEntries: 0, matchesChanged: 0, warnings: [] };
    const advisories = new Map<string, NormalizedAdvisory & { origin: string }>();
    // NVD records of documents read whole when the source documents are not kept: lean, as a streamed feed's.
    const lean = new Map<string, { record: NvdLean; origin: string }>();
    const kev = new Map<string, KevAssertion>();
    const streamed: SourceFile[] = [];
    let parsed = 0;
    for (const f of files) {
      if (!f.bytes) {
        streamed.push(f);
        continue;
      }
      const d = decodeDocument(f.bytes, f.name);
      summary.formats[d.format.id] = (summary.formats[d.format.id] ?? 0) + 1;
      if (d.format.id === 'csaf-2.0') {
        const v = await validateCsaf(d.doc);
        if (!v.valid) {
          throw new MamoriError('E_FEED_FORMAT', `${f.name}: invalid CSAF 2.0 document (${v.problems.length} problem(s)); nothing was imported`, {
            location: { file: f.name, pointer: v.problems[0]?.pointer },
            problems: v.problems.slice(0, 50).map((p) => ({ file: f.name, pointer: p.pointer, message: `${p.message} [${p.test}]` })),
          });
        }
      }
      if (d.format.id === 'nvd-cve-2.0' && !(opts.keepRaw ?? true)) collectLeanNvd(d.doc, f.name, lean, advisories, kev, summary);
      else {
        for (const r of d.format.parse(d.doc, { receivedAt: this.now(), file: f.name })) {
          this.collect(r, f.name, advisories, kev, summary, opts.keepRaw ?? true);
          if (r.kind === 'advisory') lean.delete(advisoryKey(r.advisory));
        }
      }
      opts.onProgress?.({ phase: 'parse', done: ++parsed, total: files.length, file: f.name });
    }
    const at = this.now();
    // A first whole-feed import into a SQLite store: written outside WAL (see bulkJournal).
    const restoreJournal = this.store.sqlite && (streamed.length || lean.size >= 10_000) && !(await repo.hasAdvisories(this.store.db)) ? bulkJournal(this.store.sqlite) : undefined;
    try {
      await this.importTransaction(streamed, advisories, lean, kev, summary, origin, at, opts);
    } finally {
      restoreJournal?.();
    }
    return summary;
  }

  private async importTransaction(
    streamed: SourceFile[], advisories: Map<string, NormalizedAdvisory & { origin: string }>, lean: Map<string, { record: NvdLean; origin: string }>, kev: Map<string, KevAssertion>, summary: ImportSummary, origin: string, at: string,
    opts: ImportOptions,
  ): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      const raw = this.store.dialect === 'sqlite' ? this.store.sqlite : undefined;
      // KEV first: priorities of the matches computed below read it.
      await repo.upsertKev(trx, [...kev.values()].map((k) => kevRow(k, at)), raw);
      summary.kevEntries = kev.size;
      const firstFeed = !(await repo.hasAdvisories(trx));
      const ctx = await this.importContext(trx, at, firstFeed, raw);
      const bulk = firstFeed && raw !== undefined && (streamed.length > 0 || lean.size >= 10_000);
      const restoreCache = bulk ? repo.dropBulkIndexes(raw) : undefined;
      try {
        await this.writeAdvisories(ctx, [...advisories.values()], summary);
        const leanList = [...lean.values()];
        for (let i = 0; i < leanList.length; i += 500) await this.persist(ctx, leanList.slice(i, i + 500).map((l) => leanPending(l.record, l.origin, at)), summary);
        for (const f of streamed) await this.streamNvd(ctx, f, summary, opts.onProgress, opts.stream);
        await repo.updateKeyPostings(trx, ctx.keyChanges.changes(), firstFeed, raw);
        if (bulk) repo.createBulkIndexes(raw);
      } finally {
        restoreCache?.();
      }
      summary.matchesChanged = ctx.matchesChanged;
      // With no advisory stored before, every asset has now been matched against all there is: nothing is
      // stale, so the first question after the first import does not re-match the whole inventory.
      if (firstFeed) await repo.markMatched(trx, [...ctx.meta.byId.keys()], at);
      await repo.insertImport(trx, {
        at, origin, formats: JSON.stringify(summary.formats), advisories_new: summary.advisories.new, advisories_updated: summary.advisories.updated,
        advisories_unchanged: summary.advisories.unchanged, kev_entries: summary.kevEntries, matches_changed: summary.matchesChanged,
      });
    });
  }

  /** The inventory side, built once per import: each written batch of advisories is matched against it. */
  private async importContext(trx: Transaction<Database>, at: string, firstFeed: boolean, raw?: repo.RawSqlite): Promise<ImportContext> {
    const assets = await repo.loadMatchAssets(trx);
    const groups = groupAssets(assets);
    return { trx, at, raw, inv: new InventoryIndex(groups), invKeys: groupStoreKeys(groups), meta: await this.matchMeta(trx, assets), matchesChanged: 0, firstFeed, keyChanges: new KeyChanges() };
  }

  private collect(r: FeedRecord, origin: string, advisories: Map<string, NormalizedAdvisory & { origin: string }>, kev: Map<string, KevAssertion>, summary: ImportSummary, keepRaw: boolean): void {
    if (r.kind === 'advisory') advisories.set(advisoryKey(r.advisory), { ...r.advisory, ...(keepRaw ? {} : { raw: undefined }), origin });
    else if (r.kind === 'kev') kev.set(r.assertion.vulnId, r.assertion);
    else summary.warnings.push({ file: origin, pointer: r.pointer, message: `${r.level}: ${r.message}` });
  }

  /** Writes new and changed advisories and matches them against the inventory (batch by batch). */
  private async writeAdvisories(ctx: ImportContext, list: (NormalizedAdvisory & { origin: string })[], summary: ImportSummary): Promise<void> {
    await this.persist(
      ctx,
      list.map((a) => {
        const id = advisoryKey(a);
        const hash = hashOf(a);
        return { id, hash, build: (firstSeen) => toWrite(a, id, hash, a.origin, ctx.at, firstSeen), addTo: (index) => index.add(id, a) };
      }),
      summary,
    );
  }

  /**
   * The common part of every import: skip what is unchanged, write the rest (its previous keys deleted), and
   * match what shares a key with the inventory against it. On a first import nothing is looked up in the store
   * (only an id this very import already wrote can exist).
   */
  private async persist(ctx: ImportContext, list: readonly Pending[], summary: ImportSummary): Promise<void> {
    const lookup = ctx.firstFeed ? list.filter((p) => ctx.keyChanges.has(p.id)).map((p) => p.id) : list.map((p) => p.id);
    const existing = lookup.length ? await repo.existingAdvisories(ctx.trx, lookup) : new Map<string, { content_hash: string; first_seen: string }>();
    const writes: repo.AdvisoryWrite[] = [];
    const toMatch: Pending[] = [];
    const changed: string[] = [];
    for (const p of list) {
      const old = existing.get(p.id);
      if (old && old.content_hash === p.hash) {
        summary.advisories.unchanged++;
        continue;
      }
      if (old) (summary.advisories.updated++, changed.push(p.id));
      else summary.advisories.new++;
      const w = p.build(old?.first_seen ?? ctx.at);
      writes.push(w);
      // Compiling rules costs: only advisories sharing a key with the inventory are matched against it.
      if (ctx.invKeys.size && w.keys.some((k) => ctx.invKeys.has(k))) toMatch.push(p);
    }
    if (changed.length) {
      const oldData = await repo.advisoryDataOf(ctx.trx, changed);
      for (const w of writes) {
        const d = oldData.get(w.row.id);
        if (d !== undefined) w.oldKeys = storedDataKeys(d);
      }
    }
    await repo.replaceAdvisories(ctx.trx, writes, ctx.raw, new Set(existing.keys()));
    for (const w of writes) ctx.keyChanges.write(w.row.id, w.keys, w.oldKeys);
    if (!writes.length || !ctx.inv.groups.length) return;
    const batch = new AdvisoryIndex();
    const rows: repo.MatchRow[] = [];
    for (const p of toMatch) {
      p.addTo(batch);
      for (const { group, result } of ctx.inv.matchAdvisory(batch, p.id)) for (const r of this.toRows(group.assetIds, storedVerdict(0, result), ctx.meta)) rows.push(r);
    }
    await this.withKevPriorities(ctx.trx, rows, ctx.meta);
    // Every written advisory loses its old matches (a changed one may now concern nobody).
    ctx.matchesChanged += await repo.replaceMatches(ctx.trx, { advisoryIds: ctx.firstFeed ? toMatch.map((p) => p.id).concat(changed) : writes.map((w) => w.row.id) }, dedupeRows(rows), ctx.at, ctx.raw);
  }

  /**
   * A whole NVD feed too big for one JSON.parse: split into records, each parsed and made a row (by worker
   * threads for a big file), written and matched here in batches of 100, in the feed's order.
   */
  private async streamNvd(ctx: ImportContext, f: SourceFile, summary: ImportSummary, onProgress?: (p: ImportProgress) => void, opts: StreamOptions = {}): Promise<void> {
    // One worker keeps up with this thread's share (split, writes; measured on 2 cores): a second one only
    // contended for the cores and held another ~100 MB of the matcher's memos (peak RSS over 512 MB).
    const workers = f.size >= (opts.workersFrom ?? PARALLEL_FROM) ? (opts.workers ?? workerCount(1)) : 0;
    let batch: Pending[] = [];
    const kev: KevAssertion[] = [];
    let n = 0;
    try {
      for await (const part of leanRowStream(openStream(f.path!), { workers, ...(opts.batchRecords ? { batchRecords: opts.batchRecords } : {}) })) {
        for (const w of part.warnings) summary.warnings.push({ file: f.name, pointer: w.pointer, message: w.message });
        if (part.fault) throw recordError(f.name, part.fault);
        for (const row of part.rows) {
          if (row.kev) kev.push(row.kev);
          batch.push(new LeanPending(row, f.name, ctx.at));
          if (batch.length >= 100) {
            await this.flushStreamed(ctx, batch, kev, summary);
            batch = [];
          }
        }
        if (Math.floor((n + part.records) / 10000) > Math.floor(n / 10000)) onProgress?.({ phase: 'write', done: n + part.records, file: f.name });
        n += part.records;
      }
    } catch (e) {
      if (e instanceof MamoriError) throw e;
      throw new MamoriError('E_FEED_FORMAT', `${f.name}: ${(e as Error).message}; nothing was imported`, { location: { file: f.name } });
    }
    await this.flushStreamed(ctx, batch, kev, summary);
    summary.formats['nvd-cve-2.0'] = (summary.formats['nvd-cve-2.0'] ?? 0) + 1;
  }

  /** KEV fields of the batch first (the priorities of its matches read them), then the batch. */
  private async flushStreamed(ctx: ImportContext, batch: Pending[], kev: KevAssertion[], summary: ImportSummary): Promise<void> {
    await repo.upsertKev(ctx.trx, kev.map((k) => kevRow(k, ctx.at)), ctx.raw);
    summary.kevEntries += kev.length;
    kev.length = 0;
    await this.persist(ctx, batch, summary);
  }

  /** A changed asset against the advisories. The inventory side calls this after edits, imports and scans. */
  async rematchAssets(assetIds: readonly string[]): Promise<number> {
    if (!assetIds.length) return 0;
    const at = this.now();
    return this.store.db.transaction().execute(async (trx) => {
      const assets = await repo.loadMatchAssets(trx, assetIds);
      const raw = this.store.dialect === 'sqlite' ? this.store.sqlite : undefined;
      const { groups, verdicts } = await matchAssetsStored(trx, assets, raw);
      const meta = await this.matchMeta(trx, assets);
      const rows: repo.MatchRow[] = [];
      for (const v of verdicts) for (const r of this.toRows(groups[v.group]!.assetIds, v, meta)) rows.push(r);
      await this.withKevPriorities(trx, rows, meta);
      // Ids that no longer exist lose their matches too.
      // Prepared statements on the raw connection (in this transaction): a full re-match writes a row per asset and CVE.
      const changed = await repo.replaceMatches(trx, { assetIds }, dedupeRows(rows), at, raw);
      await repo.markMatched(trx, assets.map((a) => a.id), at);
      return changed;
    });
  }

  /** Full recomputation (after an alias-table change, say). */
  async rematchAll(): Promise<number> {
    const ids = (await repo.loadMatchAssets(this.store.db)).map((a) => a.id);
    return this.rematchAssets(ids);
  }

  private async matchMeta(trx: Transaction<Database>, assets: repo.MatchAssetRow[]) {
    const zones = await repo.zoneKinds(trx);
    return { byId: new Map(assets.map((a) => [a.id, a])), zones, cvss: new Map<string, Cvss[]>() };
  }

  /** One row per asset of a group, all sharing the verdict's serialized reasons and evidence. */
  private toRows(assetIds: readonly string[], r: StoredVerdict, meta: { byId: Map<string, repo.MatchAssetRow> }): repo.MatchRow[] {
    const sourceId = r.advisoryId.slice(r.advisoryId.indexOf(':') + 1);
    const vuln_key = vulnKey(sourceId, r.cve);
    const rows: repo.MatchRow[] = [];
    for (const asset_id of assetIds) {
      if (!meta.byId.has(asset_id)) continue;
      rows.push({ asset_id, advisory_id: r.advisoryId, vuln_key, cve: r.cve, verdict: r.verdict, confidence: r.confidence, reasons: r.reasons, evidence: r.evidence, priority: 0, priority_reasons: '[]' });
    }
    return rows;
  }

  private async withKevPriorities(trx: Transaction<Database>, rows: repo.MatchRow[], meta: { byId: Map<string, repo.MatchAssetRow>; zones: Map<string, string> }): Promise<void> {
    const kev = await repo.kevFor(trx, rows.map((r) => r.cve).filter((c): c is string => !!c));
    const cvss = await vulnCvss(trx, [...new Set(rows.map((r) => r.advisory_id))]);
    // Rows of one verdict share their evidence string (toRows): read once. Assets of a group that sit in zones of
    // the same kind with the same criticality get the same priority: computed once (CVSS is recomputed from its vector).
    const viaService = new Map<string, boolean>();
    const memo = new Map<string, { score: number; reasons: string }>();
    for (const r of rows) {
      const a = meta.byId.get(r.asset_id);
      let via = viaService.get(r.evidence);
      if (via === undefined) viaService.set(r.evidence, (via = (JSON.parse(r.evidence) as { field?: string }[]).some((e) => e.field?.startsWith('services'))));
      const zoneKind = (a?.zone ? (meta.zones.get(a.zone) as 'IT' | 'OT' | 'DMZ' | undefined) : undefined) ?? null;
      const criticality = a?.criticality ?? null;
      const key = `${r.advisory_id}\u0001${r.vuln_key}\u0001${r.verdict}\u0001${via}\u0001${zoneKind}\u0001${criticality}`;
      let p = memo.get(key);
      if (!p) {
        const k = r.cve ? kev.get(r.cve) : undefined;
        const score = priorityOf({
          verdict: r.verdict as AdvisoryVerdict,
          cvss: cvss.get(`${r.advisory_id}\u0001${r.vuln_key}`) ?? [],
          kev: k ? { knownRansomware: k.known_ransomware === null ? null : k.known_ransomware === 1 } : null,
          viaService: via,
          zoneKind,
          criticality,
        });
        memo.set(key, (p = { score: score.score, reasons: JSON.stringify(score.reasons) }));
      }
      r.priority = p.score;
      r.priority_reasons = p.reasons;
    }
  }

  /** Re-matches assets added or edited since they were last matched (the inventory may change under us). */
  async refresh(): Promise<number> {
    const stale = await repo.staleAssetIds(this.store.db);
    return stale.length ? this.rematchAssets(stale) : 0;
  }

  /** `mamori affected ID`: every (asset, advisory, CVE) match for a CVE, an advisory id (ICSA-…, JVNDB-…). */
  async affected(ref: string): Promise<{ advisories: { id: string; format: string; title: string; revision: string | null; fetchedAt: string }[]; matches: MatchView[] }> {
    await this.refresh();
    const ids = await repo.advisoryIdsFor(this.store.db, ref);
    if (!ids.length) throw new MamoriError('E_NOT_FOUND', `no advisory or CVE ${ref} in the store (import feeds first: mamori feeds import PATH)`);
    const isCve = /^CVE-\d{4}-\d+$/i.test(ref.trim());
    const rows = await repo.listMatches(this.store.db, { advisoryIds: ids, ...(isCve ? { cve: ref.trim().toUpperCase() } : {}) });
    const advs = await repo.advisoryRows(this.store.db, ids);
    return {
      advisories: advs.map((a) => ({ id: a.source_id, format: a.format, title: a.title, revision: a.revision, fetchedAt: a.fetched_at })),
      matches: await this.views(rows),
    };
  }

  /** `mamori vulns`: open matches (affected and unknown by default), filtered, highest priority first. */
  async vulns(f: { asset?: string; zone?: string; kev?: boolean; newOnly?: boolean; all?: boolean; resolveAsset?: (ref: string) => Promise<string | null> }): Promise<{ since: string | null; matches: MatchView[] }> {
    await this.refresh();
    let assetIds: string[] | undefined;
    if (f.asset) {
      const id = f.resolveAsset ? await f.resolveAsset(f.asset) : f.asset;
      if (!id) throw new MamoriError('E_NOT_FOUND', `no asset ${f.asset}`);
      assetIds = [id];
    }
    let since: string | null = null;
    if (f.newOnly) {
      const imports = await repo.recentImports(this.store.db, 2);
      since = imports[1]?.at ?? '';
    }
    const rows = await repo.listMatches(this.store.db, {
      ...(assetIds ? { assetIds } : {}), ...(f.zone ? { zone: f.zone } : {}), kevOnly: !!f.kev,
      ...(f.all ? {} : { verdicts: ['affected', 'unknown'] }), ...(since !== null ? { changedSince: since } : {}),
    });
    const views = await this.views(rows);
    return { since, matches: f.all ? views : views.filter((v) => !v.decision?.applies) };
  }

  private async views(rows: repo.MatchListRow[]): Promise<MatchView[]> {
    const decisions = await repo.decisionsFor(this.store.db, rows.map((r) => r.asset_id));
    return rows.map((r) => {
      const d = decisions.get(`${r.asset_id}\u0001${r.vuln_key}`);
      return {
        asset: { id: r.asset_id, name: r.asset_name, hostnames: JSON.parse(r.hostnames) as string[], ips: JSON.parse(r.ips) as string[], class: r.class, kind: r.kind, site: r.site, zone: r.zone, owner: r.owner },
        advisory: { id: r.source_id, format: r.format, title: r.title },
        cve: r.cve,
        verdict: r.verdict as AdvisoryVerdict,
        confidence: r.confidence,
        reasons: JSON.parse(r.reasons) as string[],
        evidence: JSON.parse(r.evidence) as unknown[],
        priority: Number(r.priority),
        priorityReasons: JSON.parse(r.priority_reasons) as string[],
        kev: r.kev_added_at ? { addedAt: r.kev_added_at, knownRansomware: r.kev_ransomware === null ? null : Number(r.kev_ransomware) === 1 } : null,
        team: r.owner ?? (r.class ? r.class.toUpperCase() : 'unassigned'),
        // A decision holds while the outcome it was made on holds (a version edit that keeps the verdict keeps it).
        decision: d ? { decision: d.decision, reason: d.reason, by: d.decided_by, at: d.decided_at, applies: d.verdict_at_decision === r.verdict } : null,
        firstSeen: r.first_seen,
        changedAt: r.changed_at,
      };
    });
  }

  /** VEX-style decision on one asset × vulnerability (CVE or advisory id). */
  async decide(assetId: string, vuln: string, decision: Decision, reason: string, by: string): Promise<void> {
    if (!DECISIONS.includes(decision)) throw new MamoriError('E_INPUT_INVALID', `decision must be one of ${DECISIONS.join(', ')}, got ${decision}`);
    if (!reason.trim()) throw new MamoriError('E_INPUT_INVALID', 'a decision needs a reason');
    const key = /^CVE-/i.test(vuln) ? vuln.toUpperCase() : vuln;
    const rows = await repo.listMatches(this.store.db, { assetIds: [assetId] });
    const m = rows.find((r) => r.vuln_key === key || r.source_id === vuln);
    if (!m) throw new MamoriError('E_NOT_FOUND', `asset ${assetId} has no match for ${vuln}`);
    await repo.upsertDecision(this.store.db, { asset_id: assetId, vuln_key: m.vuln_key, decision, reason: reason.trim(), decided_by: by, decided_at: this.now(), verdict_at_decision: m.verdict });
  }

  async feeds() {
    return { formats: await repo.feedSummary(this.store.db), kev: await repo.kevSummary(this.store.db), imports: await repo.recentImports(this.store.db, 10) };
  }
}

/** An NVD page or record read whole, kept lean (no normalized copy, no source document): as `collect` does otherwise. */
function collectLeanNvd(
  doc: unknown, file: string, lean: Map<string, { record: NvdLean; origin: string }>, advisories: Map<string, unknown>, kev: Map<string, KevAssertion>, summary: ImportSummary,
): void {
  const page = typeof doc === 'object' && doc !== null && Array.isArray((doc as { vulnerabilities?: unknown }).vulnerabilities) ? (doc as { vulnerabilities: unknown[] }).vulnerabilities : null;
  const records = page ? page.map((v, i) => ({ cve: typeof v === 'object' && v !== null ? (v as { cve?: unknown }).cve : undefined, at: `/vulnerabilities/${i}/cve` })) : [{ cve: doc, at: '' }];
  for (const { cve, at } of records) {
    const r = leanNvdCve(cve, at);
    if ('kind' in r) {
      if (r.kind === 'issue') summary.warnings.push({ file, pointer: r.pointer, message: `${r.level}: ${r.message}` });
      continue;
    }
    for (const i of r.issues) if (i.kind === 'issue') summary.warnings.push({ file, pointer: i.pointer, message: `${i.level}: ${i.message}` });
    const key = `nvd-cve-2.0:${r.id}`;
    advisories.delete(key);
    lean.set(key, { record: r, origin: file });
    if (r.kev) kev.set(r.kev.vulnId, r.kev);
  }
}

/** CVSS per `${advisory id}\u0001${vuln key}`: from advisory_vulns, or from data for streamed NVD records (no vuln rows). */
async function vulnCvss(db: Kysely<Database> | Transaction<Database>, advisoryIds: readonly string[]): Promise<Map<string, Cvss[]>> {
  const out = new Map<string, Cvss[]>();
  const seen = new Set<string>();
  for (const v of await repo.vulnRows(db, advisoryIds)) {
    out.set(`${v.advisory_id}\u0001${v.vuln_key}`, JSON.parse(v.cvss) as Cvss[]);
    seen.add(v.advisory_id);
  }
  const lean = advisoryIds.filter((id) => !seen.has(id) && id.startsWith('nvd-cve-2.0:'));
  for (const [id, data] of await repo.advisoryDataOf(db, lean)) for (const v of storedCvss(data)) if (v.cve) out.set(`${id}\u0001${v.cve}`, v.cvss);
  return out;
}

/** A faulty record of a streamed NVD feed → the import's error. */
function recordError(file: string, fault: RecordFault): MamoriError {
  if (fault.kind === 'not-cve') {
    return new MamoriError('E_FEED_FORMAT', `${file}: files over ${STREAM_THRESHOLD / 1024 / 1024} MB are read as streamed NVD CVE API 2.0 feeds, and this one's first record is not {"cve": {...}}`, { location: { file, pointer: '/vulnerabilities/0' } });
  }
  return new MamoriError('E_FEED_FORMAT', `${file}: record ${fault.index} (byte ${fault.offset}): invalid JSON: ${fault.detail}`, { location: { file, pointer: `/vulnerabilities/${fault.index}` } });
}

/** An NVD record read whole (kept lean) → its advisory row, vulnerability row and keys; no normalized advisory. */
function leanPending(r: NvdLean, origin: string, at: string): Pending {
  return new LeanPending(leanRow(r), origin, at);
}

/**
 * A class, not an object of closures: one is made per record of a whole-NVD ingest. It holds the record's row
 * only (strings, as the store takes them): the configurations are parsed back from `data` for the few records
 * matched against the inventory.
 */
class LeanPending implements Pending {
  readonly id: string;
  readonly hash: string;
  constructor(
    private readonly r: LeanRow,
    private readonly origin: string,
    private readonly at: string,
  ) {
    this.id = `nvd-cve-2.0:${r.cve}`;
    this.hash = rowHash(r);
  }

  build(firstSeen: string): repo.AdvisoryWrite {
    const r = this.r;
    return {
      row: {
        id: this.id, format: 'nvd-cve-2.0', source_id: r.cve, title: r.title, summary: r.summary, lang: 'en', revision: r.lastModified, published_at: r.published, updated_at: r.lastModified,
        url: `https://nvd.nist.gov/vuln/detail/${r.cve}`, origin: this.origin, fetched_at: this.at, first_seen: firstSeen, content_hash: this.hash, aliases: JSON.stringify([r.cve]), refs: r.refs, data: r.data, raw: null,
      },
      // No advisory_vulns row: the advisory is its CVE, its CVSS and CWE are in data (see vulnCvss).
      vulns: [],
      rules: [],
      keys: r.keys,
    };
  }

  addTo(index: AdvisoryIndex): void {
    index.addNvdRecord(this.id, this.r.cve, storedConfigs(JSON.parse(this.r.data) as NvdStoredData));
  }
}

const SEVERITY: Record<string, number> = { affected: 4, unknown: 3, fixed: 2, 'not-affected': 1 };
/** An advisory that lists one CVE twice yields one row per (asset, advisory, CVE): the more severe verdict. */
function dedupeRows(rows: repo.MatchRow[]): repo.MatchRow[] {
  const out = new Map<string, repo.MatchRow>();
  for (const r of rows) {
    const k = `${r.asset_id}\u0001${r.advisory_id}\u0001${r.vuln_key}`;
    const o = out.get(k);
    if (!o || (SEVERITY[r.verdict] ?? 0) > (SEVERITY[o.verdict] ?? 0)) out.set(k, r);
  }
  return [...out.values()];
}

function kevRow(k: KevAssertion, at: string): KevEntriesTable {
  return {
    cve: k.vulnId, asserter: k.asserter, vendor: k.vendor ?? null, product: k.product ?? null, name: k.name ?? null, added_at: k.addedAt ?? null,
    due_at: k.dueAt ?? null, required_action: k.requiredAction ?? null, known_ransomware: k.knownRansomware === null ? null : k.knownRansomware ? 1 : 0,
    catalog_version: k.catalogVersion ?? null, imported_at: at,
  };
}

function toWrite(a: NormalizedAdvisory, id: string, hash: string, origin: string, at: string, firstSeen: string): repo.AdvisoryWrite {
  return {
    row: {
      id, format: a.source.format, source_id: a.source.id, title: a.title, summary: a.summary ?? null, lang: a.lang ?? null, revision: a.revision,
      published_at: a.publishedAt ?? null, updated_at: a.updatedAt ?? null, url: a.source.url ?? null, origin, fetched_at: at, first_seen: firstSeen,
      content_hash: hash, aliases: JSON.stringify(a.aliases), refs: JSON.stringify(a.references), data: JSON.stringify(storedVulns(a.vulnerabilities)),
      raw: a.raw === undefined ? null : JSON.stringify(a.raw),
    },
    vulns: dedupeVulns(a).map((v) => {
      // The feed's own score here (the calculator runs when priorities are computed, on far fewer rows).
      const best = bestCvss(v.cvss, false);
      return {
        advisory_id: id, vuln_key: vulnKey(a.source.id, v.cve), cve: v.cve, title: v.title ?? null, cvss_version: best?.version ?? null,
        cvss_vector: best?.vector ?? null, cvss_score: best?.baseScore ?? null, cvss: JSON.stringify(v.cvss), cwes: JSON.stringify(v.cwes),
      };
    }),
    keys: storedKeys(a),
    // NVD's flat rules are derived from its configurations (kept in data): rows only for rules of their own.
    rules: a.vulnerabilities.flatMap((v) =>
      (v.configurations?.length ? [] : v.rules).map((r) => ({
        advisory_id: id, vuln_key: vulnKey(a.source.id, v.cve), status: r.status, vendor: r.vendor, product: r.product, cpe: r.cpe ?? null,
        version_text: r.versionText ?? (r.versions.kind === 'unparsed' ? r.versions.text : null), rule: JSON.stringify(r.versions),
      })),
    ),
  };
}

/** What the matcher is rebuilt from: NVD's flat rules are derived from its configurations, so only those are kept. */
function storedVulns(vulns: readonly AdvisoryVuln[]): AdvisoryVuln[] {
  return vulns.map((v) => (v.configurations?.length ? { ...v, rules: [] } : v));
}

/** One row per vuln key (an advisory may list the same CVE twice). */
function dedupeVulns(a: NormalizedAdvisory): AdvisoryVuln[] {
  const seen = new Map<string, AdvisoryVuln>();
  for (const v of a.vulnerabilities) if (!seen.has(vulnKey(a.source.id, v.cve))) seen.set(vulnKey(a.source.id, v.cve), v);
  return [...seen.values()];
}
