// The matcher fed from the store: asset groups → their hashed match keys → the stored advisories sharing one →
// verdicts. What a full re-match and a changed asset both use (AdvisoriesService.rematchAssets).
import type { Kysely, Transaction } from 'kysely';
import { workerCount } from '../core/workers.js';
import type { Database } from '../db/schema.js';
import * as repo from '../db/repos/advisories.repo.js';
import { componentStoreKeys, groupAssets, keyHash, type AssetGroup } from '../advisories/matching/matcher.js';
import type { MatchAsset } from '../advisories/matching/components.js';
import { localMatcher, parallelMatcher, PARALLEL_MIN_ADVISORIES, type StoredMatcher, type StoredVerdict } from '../advisories/matching/stored-match.js';

/** Rows read from the store per page handed to the matcher. */
const PAGE = 2000;

export interface MatchOptions {
  /**
   * Worker threads besides this one (which matches a share too); default none, or MAMORI_WORKERS. On the 2-core
   * machine of docs/benchmarks.md this thread plus one worker was no faster than this thread alone (2.58 s against
   * 2.66 s) for a third more CPU and twice the memory.
   */
  workers?: number;
  /** Fewest candidate advisories for which workers are used (default PARALLEL_MIN_ADVISORIES). */
  minParallel?: number;
}

/** Assets from which a match starts its workers before grouping them: their start-up overlaps the grouping. */
const EARLY_START_ASSETS = 5000;

/** Groups the assets and matches every group against the stored advisories (a full or partial re-match). */
export async function matchAssetsStored(db: Kysely<Database> | Transaction<Database>, assets: readonly MatchAsset[], raw?: repo.RawSqlite, opts: MatchOptions = {}): Promise<{ groups: AssetGroup[]; verdicts: StoredVerdict[] }> {
  const workers = opts.workers ?? matchWorkers();
  const started = workers > 0 && assets.length >= EARLY_START_ASSETS ? parallelMatcher(workers) : undefined;
  let groups: AssetGroup[];
  try {
    groups = groupAssets(assets);
  } catch (e) {
    await started?.close();
    throw e;
  }
  return { groups, verdicts: await matchStored(db, groups, raw, { ...opts, workers }, started) };
}

/** Every group against the stored advisories sharing a match key with it. `started`: workers started already. */
export async function matchStored(db: Kysely<Database> | Transaction<Database>, groups: readonly AssetGroup[], raw?: repo.RawSqlite, opts: MatchOptions = {}, started?: StoredMatcher): Promise<StoredVerdict[]> {
  const workers = opts.workers ?? matchWorkers();
  const keys = groupStoreKeys(groups);
  let matcher: StoredMatcher;
  let ids: string[];
  try {
    ids = await repo.candidateAdvisoryIds(db, [...keys], raw);
  } catch (e) {
    await started?.close();
    throw e;
  }
  if (workers > 0 && ids.length >= (opts.minParallel ?? PARALLEL_MIN_ADVISORIES)) matcher = started ?? parallelMatcher(workers);
  else {
    await started?.close();
    matcher = localMatcher();
  }
  matcher.forInventory(keys);
  try {
    // Ids come product by product: contiguous runs keep a product's advisories in one share. Pages of each share
    // are read in turn so that no share waits for the others.
    const shares = splitShares(ids, matcher.shares);
    const size = Math.max(...shares.map((s) => s.length));
    // A SQLite file: the workers read their shares themselves, each with a connection of its own. (The caller's
    // transaction has written nothing yet: they read what it reads.)
    const file = raw && !raw.memory ? raw.name : null;
    if (file && shares.every((ids, s) => matcher.load(s, file, ids))) return await matcher.match(groups);
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
    await matcher.close();
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
  for (const g of groups) for (const c of g.components) for (const k of componentStoreKeys(c)) keys.add(keyHash(k));
  return keys;
}
