// Matching advisories kept in the store against asset groups: stored rows → compiled index → verdicts. A full
// re-match of a big inventory loads tens of thousands of advisories; compiling and matching them is split over
// worker threads (each compiles its share of the rows and matches every group against it: an advisory's
// verdicts depend on that advisory alone, so the shares never need each other). Small jobs run in this thread.
import SQLite from 'better-sqlite3';
import { eachAdvisoryData } from '../../db/repos/advisories.repo.js';
import { ADVISORY_VERDICTS, CONFIDENCES, type AdvisoryVerdict, type Confidence } from '../../core/vocabulary.js';
import { WorkerPool } from '../../core/workers.js';
import { addStored } from '../formats/stored.js';
import type { Component } from './components.js';
import { ANY, CPE_ATTRS, NA, type Wfn } from './cpe.js';
import { AdvisoryIndex, matchGroups, type AssetGroup, type VulnVerdict } from './matcher.js';
import type { MatchJob, MatchReply } from './match.worker.js';

/** One verdict as match rows keep it: reasons and evidence already serialized. */
export interface StoredVerdict {
  /** Index of the group in the list given to match(). */
  group: number;
  advisoryId: string;
  cve: string | null;
  verdict: AdvisoryVerdict;
  confidence: Confidence;
  /** JSON arrays. */
  reasons: string;
  evidence: string;
}

/** A verdict of the matcher as match rows keep it (serialized once, whatever the number of assets it applies to). */
export function storedVerdict(group: number, r: VulnVerdict): StoredVerdict {
  return { group, advisoryId: r.advisoryId, cve: r.cve, verdict: r.verdict, confidence: r.confidence, reasons: JSON.stringify(r.reasons), evidence: JSON.stringify(r.evidence) };
}

/**
 * Verdicts packed for passing between threads: one typed array and a few string columns instead of an object
 * (with nested evidence objects) per verdict — a full match yields 100,000s of verdicts, and copying them as
 * objects between threads cost more than matching them.
 */
export interface PackedVerdicts {
  /** Per verdict: group index, then verdict | confidence << 3. */
  ints: Int32Array;
  advisoryIds: string[];
  /** '' for none (a CVE id is never empty). */
  cves: string[];
  reasons: string[];
  evidence: string[];
}

export function packVerdicts(list: readonly StoredVerdict[]): PackedVerdicts {
  const ints = new Int32Array(list.length * 2);
  const p: PackedVerdicts = { ints, advisoryIds: [], cves: [], reasons: [], evidence: [] };
  list.forEach((v, i) => {
    ints[2 * i] = v.group;
    ints[2 * i + 1] = ADVISORY_VERDICTS.indexOf(v.verdict) | (CONFIDENCES.indexOf(v.confidence) << 3);
    p.advisoryIds.push(v.advisoryId);
    p.cves.push(v.cve ?? '');
    p.reasons.push(v.reasons);
    p.evidence.push(v.evidence);
  });
  return p;
}

export function* unpackVerdicts(p: PackedVerdicts): Generator<StoredVerdict> {
  for (let i = 0; i < p.advisoryIds.length; i++) {
    const code = p.ints[2 * i + 1]!;
    yield {
      group: p.ints[2 * i]!, advisoryId: p.advisoryIds[i]!, cve: p.cves[i] || null, verdict: ADVISORY_VERDICTS[code & 7]!, confidence: CONFIDENCES[(code >> 3) & 1]!,
      reasons: p.reasons[i]!, evidence: p.evidence[i]!,
    };
  }
}

/** Below this many stored advisories, starting threads costs more than it saves. */
export const PARALLEL_MIN_ADVISORIES = 4000;

export interface StoredMatcher {
  /** How many shares the advisories should be split into (advisories about one product best in the same share). */
  readonly shares: number;
  /**
   * The store keys of the groups to be matched (AdvisoryIndex: entries sharing none are left uncompiled), before
   * any advisory is added; without it every entry is compiled.
   */
  forInventory(keys: ReadonlySet<number>): void;
  /** Adds stored rows (advisory id + its `data` column) to a share. */
  add(share: number, ids: readonly string[], data: readonly string[]): void;
  /**
   * Has the share read these advisories from a SQLite file itself, when it can (a worker with a connection of its
   * own: the rows are not read and copied here); false when the caller must read them and add() them.
   */
  load(share: number, file: string, ids: readonly string[]): boolean;
  /** Every group against every added advisory, by group; the matcher is done after this. */
  match(groups: readonly AssetGroup[]): Promise<StoredVerdict[]>;
  close(): Promise<void>;
}

/** A matcher in this thread alone. */
export const localMatcher = (): StoredMatcher => new LocalMatcher();
/** A matcher sharing the work between this thread and `workers` worker threads (started now). */
export const parallelMatcher = (workers: number): StoredMatcher => new ParallelMatcher(workers);

class LocalMatcher implements StoredMatcher {
  readonly shares = 1;
  private index = new AdvisoryIndex();

  forInventory(keys: ReadonlySet<number>): void {
    this.index = new AdvisoryIndex(keys);
  }

  add(_share: number, ids: readonly string[], data: readonly string[]): void {
    addRows(this.index, ids, data);
  }

  load(): boolean {
    return false;
  }

  /** Reads these advisories from a SQLite file with a read-only connection of its own (as a worker does). */
  loadFile(file: string, ids: readonly string[]): void {
    loadFromFile(this.index, file, ids);
  }

  async match(groups: readonly AssetGroup[]): Promise<StoredVerdict[]> {
    return matchComponents(this.index, groups.map((g) => g.components));
  }

  async close(): Promise<void> {}
}

export function loadFromFile(index: AdvisoryIndex, file: string, ids: readonly string[]): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('cache_size = -16384');
    eachAdvisoryData(db, ids, (id, data) => addStored(index, id, data));
  } finally {
    db.close();
  }
}

export function addRows(index: AdvisoryIndex, ids: readonly string[], data: readonly string[]): void {
  for (let i = 0; i < ids.length; i++) addStored(index, ids[i]!, data[i]!);
}

/** The work of one share, the same in this thread and in a worker. */
export function matchComponents(index: AdvisoryIndex, components: readonly Component[][]): StoredVerdict[] {
  const out: StoredVerdict[] = [];
  const groups = components.map((c) => ({ signature: '', components: c, assetIds: [] }));
  // matchGroups gives groups alike the very same verdict: serialized once.
  const serialized = new Map<VulnVerdict, StoredVerdict>();
  let g = 0;
  for (const { group, result } of matchGroups(index, groups)) {
    while (groups[g] !== group) g++;
    let v = serialized.get(result);
    if (!v) serialized.set(result, (v = storedVerdict(g, result)));
    out.push(v.group === g ? v : { ...v, group: g });
  }
  return out;
}

/** A component as it crosses threads: a CPE's ANY and NA are symbols, which cannot be copied (null and false here). */
export type SentComponent = Omit<Component, 'cpe'> & { cpe?: (string | null | false)[] };
export function sendComponents(groups: readonly AssetGroup[]): SentComponent[][] {
  return groups.map((g) => g.components.map((c) => (c.cpe ? { ...c, cpe: CPE_ATTRS.map((a) => (c.cpe![a] === ANY ? null : c.cpe![a] === NA ? false : (c.cpe![a] as string))) } : (c as SentComponent))));
}
export function receiveComponents(sent: readonly SentComponent[][]): Component[][] {
  return sent.map((cs) =>
    cs.map((c) => {
      if (!c.cpe) return c as Component;
      const wfn = {} as Wfn;
      CPE_ATTRS.forEach((a, i) => (wfn[a] = c.cpe![i] === null ? ANY : c.cpe![i] === false ? NA : (c.cpe![i] as string)));
      return { ...c, cpe: wfn };
    }),
  );
}

/**
 * Shares over this thread and worker threads: share 0 is this thread's, compiled and matched here once the
 * workers have their jobs (this thread would otherwise only wait); shares 1..N are the workers'.
 */
class ParallelMatcher implements StoredMatcher {
  private readonly pool: WorkerPool<MatchJob, MatchReply>;
  private readonly jobs: Promise<MatchReply>[] = [];
  private readonly local = new LocalMatcher();
  /** This thread's share, done in match() after the workers' jobs are posted. */
  private readonly localWork: (() => void)[] = [];

  constructor(workers: number) {
    this.pool = new WorkerPool(import.meta.url, 'match.worker', workers);
  }

  forInventory(keys: ReadonlySet<number>): void {
    this.local.forInventory(keys);
    const sent = Int32Array.from(keys);
    for (let w = 0; w < this.pool.size; w++) this.post({ kind: 'inventory', keys: sent }, w);
  }

  get shares(): number {
    return this.pool.size + 1;
  }

  /** Each worker's share is its own: what it compiled once per product (names, keys) serves all of that share. */
  add(share: number, ids: readonly string[], data: readonly string[]): void {
    if (share === 0) this.localWork.push(() => this.local.add(0, ids, data));
    else this.post({ kind: 'add', ids, data }, share - 1);
  }

  load(share: number, file: string, ids: readonly string[]): boolean {
    if (share === 0) this.localWork.push(() => this.local.loadFile(file, ids));
    else this.post({ kind: 'load', file, ids }, share - 1);
    return true;
  }

  async match(groups: readonly AssetGroup[]): Promise<StoredVerdict[]> {
    const components = sendComponents(groups);
    const replies = Array.from({ length: this.pool.size }, (_, w) => this.post({ kind: 'match', components }, w));
    for (const work of this.localWork) work();
    const lists: StoredVerdict[][] = [await this.local.match(groups)];
    await Promise.all(this.jobs);
    for (const r of await Promise.all(replies)) lists.push(r ? [...unpackVerdicts(r)] : []);
    return byGroup(lists, groups.length);
  }

  /** A job for worker `w`; its failure is reported where match() awaits it (not as an unhandled rejection first). */
  private post(job: MatchJob, w: number): Promise<MatchReply> {
    const p = this.pool.run(job, [], w);
    p.catch(() => {});
    this.jobs.push(p);
    return p;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Verdict lists (each in group order) → one list in group order, a group's verdicts in list order (linear). */
function byGroup(lists: readonly StoredVerdict[][], groups: number): StoredVerdict[] {
  const start = new Int32Array(groups + 1);
  for (const l of lists) for (const v of l) start[v.group + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const out = new Array<StoredVerdict>(start[groups]!);
  for (const l of lists) for (const v of l) out[start[v.group]!++] = v;
  return out;
}
