// The matcher fed from the store: asset groups → their hashed match keys → the stored advisories sharing one →
// verdicts. What a full re-match and a changed asset both use (AdvisoriesService.rematchAssets).
import type { Kysely, Transaction } from 'kysely';
import { workerCount } from '../core/workers.js';
import type { Database } from '../db/schema.js';
import * as repo from '../db/repos/advisories.repo.js';
import { componentKeys, groupAssets, type AssetGroup } from '../advisories/matching/matcher.js';
import type { MatchAsset } from '../advisories/matching/components.js';
import { localMatcher, parallelMatcher, PARALLEL_MIN_ADVISORIES, type StoredMatcher, type StoredVerdict } from '../advisories/matching/stored-match.js';

/** Rows read from the store per page handed to the matcher. */
const PAGE = 2000;

export interface MatchOptions {
  /**
   * Worker threads that match a share each besides this one; default none, or MAMORI_WORKERS. On the 2-core
   * machine of docs/benchmarks.md this thread plus one worker was no faster than this thread alone (2.58 s against
   * 2.66 s) for a third more CPU and twice the memory.
   */
  workers?: number;
  /** Fewest candidate advisories for which threads are used (default PARALLEL_MIN_ADVISORIES). */
  minParallel?: number;
  /**
   * Matching in this thread alone, read a SQLite store file's rows in a worker thread meanwhile (default: unless
   * MAMORI_WORKERS=0, which keeps everything in this thread).
   */
  readAhead?: boolean;
}

/** Threads started before the assets are grouped, so that their start-up overlaps the grouping. */
interface Started {
  matcher?: StoredMatcher;
  reader?: repo.AdvisoryRowReader;
}
/** Assets from which a match starts its threads before grouping them. */
const EARLY_START_ASSETS = 5000;

const storeFile = (raw?: repo.RawSqlite): string | null => (raw && !raw.memory ? raw.name : null);
const readAheadOf = (opts: MatchOptions): boolean => opts.readAhead ?? process.env.MAMORI_WORKERS !== '0';

/** Groups the assets and matches every group against the stored advisories (a full or partial re-match). */
export async function matchAssetsStored(db: Kysely<Database> | Transaction<Database>, assets: readonly MatchAsset[], raw?: repo.RawSqlite, opts: MatchOptions = {}): Promise<{ groups: AssetGroup[]; verdicts: StoredVerdict[] }> {
  const workers = opts.workers ?? matchWorkers();
  const started: Started = {};
  if (assets.length >= EARLY_START_ASSETS) {
    if (workers > 0) started.matcher = parallelMatcher(workers);
    else if (storeFile(raw) && readAheadOf(opts)) started.reader = new repo.AdvisoryRowReader();
  }
  let groups: AssetGroup[];
  try {
    groups = groupAssets(assets);
  } catch (e) {
    await closeAll(started);
    throw e;
  }
  return { groups, verdicts: await matchStored(db, groups, raw, { ...opts, workers }, started) };
}

async function closeAll(started: Started): Promise<void> {
  await Promise.all([started.matcher?.close(), started.reader?.close()]);
}

/** Every group against the stored advisories sharing a match key with it. `started`: threads started already. */
export async function matchStored(db: Kysely<Database> | Transaction<Database>, groups: readonly AssetGroup[], raw?: repo.RawSqlite, opts: MatchOptions = {}, started: Started = {}): Promise<StoredVerdict[]> {
  const workers = opts.workers ?? matchWorkers();
  const file = storeFile(raw);
  const keys = groupStoreKeys(groups);
  let ids: string[];
  try {
    ids = await repo.candidateAdvisoryIds(db, [...keys], raw);
  } catch (e) {
    await closeAll(started);
    throw e;
  }
  const threads = ids.length >= (opts.minParallel ?? PARALLEL_MIN_ADVISORIES);
  let matcher: StoredMatcher;
  let reader: repo.AdvisoryRowReader | undefined;
  if (workers > 0 && threads) matcher = started.matcher ?? parallelMatcher(workers);
  else {
    await started.matcher?.close();
    matcher = localMatcher();
  }
  if (matcher.shares === 1 && threads && file && readAheadOf(opts)) reader = started.reader ?? new repo.AdvisoryRowReader();
  else await started.reader?.close();
  matcher.forInventory(keys);
  try {
    // Ids come product by product: contiguous runs keep a product's advisories in one share.
    const shares = splitShares(ids, matcher.shares);
    // A SQLite file: the workers read their shares themselves, each with a connection of its own; a reader thread
    // reads this thread's alone. (The caller's transaction has written nothing yet: they read what it reads.)
    if (file && shares.length > 1 && shares.every((ids, s) => matcher.load(s, file, ids))) return await matcher.match(groups);
    if (file && reader) {
      for await (const page of reader.pages(file, shares[0]!, PAGE)) matcher.add(0, page.ids, page.data);
      return await matcher.match(groups);
    }
    // Else pages of each share in turn, so that no share waits for the others.
    const size = Math.max(...shares.map((s) => s.length));
    for (let at = 0; at < size; at += PAGE) {
      for (let s = 0; s < shares.length; s++) {
        const slice = shares[s]!.slice(at, at + PAGE);
        if (!slice.length) continue;
        const page = await repo.advisoryDataOfIds(db, slice, raw);
        matcher.add(s, page.ids, page.data);
      }
    }
    return await matcher.match(groups);
  } finally {
    await Promise.all([matcher.close(), reader?.close()]);
  }
}

/**
 * This thread's share against a worker's: bigger, as a worker starts cold (and waits while this thread groups the
 * assets), then copies its verdicts over. 1.25-1.3 was best on the 2-core machine of docs/benchmarks.md.
 */
const LOCAL_WEIGHT = 1.25;

/** Contiguous shares of the ids (sorting them was no faster to read); share 0 is this thread's when there are workers. */
function splitShares(ids: readonly string[], n: number): string[][] {
  const weight = (i: number) => (i === 0 && n > 1 ? LOCAL_WEIGHT : 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += weight(i);
  const out: string[][] = [];
  let at = 0;
  for (let i = 0, acc = 0; i < n; i++) {
    acc += weight(i);
    const end = i === n - 1 ? ids.length : Math.round((ids.length * acc) / total);
    out.push(ids.slice(at, end));
    at = end;
  }
  return out;
}

/** Worker threads a full match uses by default (MAMORI_WORKERS, else none). */
export const matchWorkers = (): number => workerCount(0);

/** Hashed store keys of these asset groups. */
export function groupStoreKeys(groups: readonly AssetGroup[]): Set<number> {
  const keys = new Set<number>();
  // The per-component keys the index's lookups use too (computed once per component).
  for (const g of groups) for (const c of g.components) for (const k of componentKeys(c)) keys.add(k);
  return keys;
}
