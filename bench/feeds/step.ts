// One measured step of the feeds benchmark, run in its own process so its peak RSS is its own.
// Prints one JSON line: { step, ms, peakRssMb, ... }.
import { createReadStream, rmSync, statSync } from 'node:fs';
import { splitArrayRecords } from '../../src/advisories/formats/nvd/nvd-stream.js';
import { parseNvdCve } from '../../src/advisories/formats/nvd/nvd.format.js';
import { AdvisoryIndex, groupAssets, InventoryIndex } from '../../src/advisories/matching/matcher.js';
import { matchAssetsStored, matchWorkers } from '../../src/services/advisory-match.js';
import { openStore } from '../../src/db/open.js';
import { AdvisoriesService } from '../../src/services/advisories.service.js';
import { InventoryService } from '../../src/services/inventory.service.js';
import { inventory, oneNewCve, targetedCve } from './generate.js';

const [step, feed, arg, arg2] = process.argv.slice(2);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const out = (o: object) => console.log(JSON.stringify({ step, ...o, peakRssMb: peakMb() }));
/** CPU time (user + system) of this process since `from`: the machine is shared, so wall time alone misleads. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return Math.round((d.user + d.system) / 1000);
};
/**
 * Collects the garbage of generating the inventory before a measurement starts (run.ts passes --expose-gc):
 * otherwise the first measured phase pays for promoting 100,000 freshly made assets, which the store's own
 * loading of the inventory (not measured here either) would have paid.
 */
const settle = () => (globalThis as { gc?: () => void }).gc?.();
const stream = () => createReadStream(feed!, { highWaterMark: 1024 * 1024 });

async function floor() {
  const t = performance.now();
  const c = process.cpuUsage();
  let n = 0;
  for await (const r of splitArrayRecords(stream())) if (JSON.parse(r.text)) n++;
  out({ ms: Math.round(performance.now() - t), cpuMs: cpuMs(c), records: n });
}

async function ingest() {
  const db = arg!;
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  const store = await openStore(`sqlite:${db}`);
  const t = performance.now();
  const c = process.cpuUsage();
  const svc = new AdvisoriesService(store);
  const s = await svc.importPaths([feed!], { keepRaw: false });
  const ms = Math.round(performance.now() - t);
  const cpu = cpuMs(c);
  // Incremental the other way: one device added to the inventory, matched against the 250k stored advisories.
  const sample = inventory(1)[0]!;
  const { assetIds } = await new InventoryService(store).ingest([{ vendor: sample.vendor, model: sample.model, firmware: { version: sample.firmware!.version }, services: sample.services.map((x) => ({ port: x.port, product: x.product, version: x.version })) }], { source: 'bench' });
  const t2 = performance.now();
  await svc.rematchAssets(assetIds);
  const assetMs = Math.round(performance.now() - t2);
  const matches = (await svc.vulns({ asset: assetIds[0]!, all: true })).matches.length;
  await store.close();
  out({ ms, cpuMs: cpu, advisories: s.advisories.new, warnings: s.warnings.length, dbMb: Math.round(statSync(db).size / 1e6), changedAssetMs: assetMs, changedAssetMatches: matches });
}

/**
 * The full match as `rematchAll` does it (matchAssetsStored), from the store the ingest step wrote: group the
 * inventory by signature, load from the store only the advisories sharing a match key with it (normalize + compile them),
 * match every group against its candidates. Counted: all of that. Not counted: generating the inventory (in
 * memory, not read from the store) and writing the verdicts (measured separately below as `writeMs`).
 */
async function match() {
  const store = await openStore(`sqlite:${arg!}`);
  const assets = inventory(Number(arg2 ?? 100000));
  settle();
  const t = performance.now();
  const c = process.cpuUsage();
  const { groups, verdicts: verdictList } = await matchAssetsStored(store.db, assets, store.sqlite);
  let results = 0;
  let assetVerdicts = 0;
  const verdicts: Record<string, number> = {};
  for (const v of verdictList) {
    results++;
    const n = groups[v.group]!.assetIds.length;
    assetVerdicts += n;
    verdicts[v.verdict] = (verdicts[v.verdict] ?? 0) + n;
  }
  const ms = Math.round(performance.now() - t);
  const cpu = cpuMs(c);
  await store.close();
  out({ ms, cpuMs: cpu, workers: matchWorkers(), assets: assets.length, distinctSignatures: groups.length, results, assetVerdicts, verdicts });
}

async function newAdvisory() {
  const n = Number(arg ?? 1000000);
  const assets = inventory(n);
  settle();
  const tBuild = performance.now();
  const inv = new InventoryIndex(groupAssets(assets));
  const buildMs = Math.round(performance.now() - tBuild);
  const samples: number[] = [];
  const hits: number[] = [];
  // Half the new advisories name a product the plant runs (so the measurement includes real matching work).
  for (let i = 0; i < 20; i++) {
    const target = i % 2 === 0 ? assets[i * 997]! : null;
    const cve = target ? targetedCve(900000 + i, target.vendor!, target.model!) : oneNewCve(900000 + i);
    const t = performance.now();
    const index = new AdvisoryIndex();
    for (const rec of parseNvdCve(cve, '', false)) if (rec.kind === 'advisory') index.add(cve.id, rec.advisory);
    let assetsHit = 0;
    for (const { group } of inv.matchAdvisory(index, cve.id)) assetsHit += group.assetIds.length;
    samples.push(performance.now() - t);
    hits.push(assetsHit);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  out({ ms: Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100, maxMs: Math.round(sorted[sorted.length - 1]! * 100) / 100, assets: n, inventoryIndexBuildMs: buildMs, assetsHitPerAdvisory: hits });
}

const steps: Record<string, () => Promise<void>> = { floor, ingest, match, 'new-advisory': newAdvisory };
await steps[step!]!();
