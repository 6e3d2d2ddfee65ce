// One measured step of the feeds benchmark, run in its own process so its peak RSS is its own.
// Prints one JSON line: { step, ms, peakRssMb, ... }.
import { createReadStream, rmSync } from 'node:fs';
import { splitArrayRecords } from '../../src/advisories/formats/nvd/nvd-stream.js';
import { parseNvdCve } from '../../src/advisories/formats/nvd/nvd.format.js';
import { AdvisoryIndex, groupAssets, InventoryIndex, matchGroups } from '../../src/advisories/matching/matcher.js';
import { openStore } from '../../src/db/open.js';
import { AdvisoriesService } from '../../src/services/advisories.service.js';
import { inventory, oneNewCve } from './generate.js';

const [step, feed, arg] = process.argv.slice(2);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const out = (o: object) => console.log(JSON.stringify({ step, ...o, peakRssMb: peakMb() }));
const stream = () => createReadStream(feed!, { highWaterMark: 1024 * 1024 });

async function floor() {
  const t = performance.now();
  let n = 0;
  for await (const r of splitArrayRecords(stream())) if (JSON.parse(r.text)) n++;
  out({ ms: Math.round(performance.now() - t), records: n });
}

async function ingest() {
  const db = arg!;
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  const store = await openStore(`sqlite:${db}`);
  const t = performance.now();
  const s = await new AdvisoriesService(store).importPaths([feed!], { keepRaw: false });
  const ms = Math.round(performance.now() - t);
  await store.close();
  out({ ms, advisories: s.advisories.new, warnings: s.warnings.length });
}

async function loadIndex(): Promise<{ index: AdvisoryIndex; ms: number }> {
  const t = performance.now();
  const index = new AdvisoryIndex();
  for await (const r of splitArrayRecords(stream())) {
    for (const rec of parseNvdCve((JSON.parse(r.text) as { cve: unknown }).cve, '', false)) if (rec.kind === 'advisory') index.add(rec.advisory.source.id, rec.advisory);
  }
  return { index, ms: Math.round(performance.now() - t) };
}

async function match() {
  const { index, ms: indexMs } = await loadIndex();
  const assets = inventory(Number(arg ?? 100000));
  const t = performance.now();
  const groups = groupAssets(assets);
  let results = 0;
  let assetVerdicts = 0;
  const verdicts: Record<string, number> = {};
  for (const { group, result } of matchGroups(index, groups)) {
    results++;
    assetVerdicts += group.assetIds.length;
    verdicts[result.verdict] = (verdicts[result.verdict] ?? 0) + group.assetIds.length;
  }
  out({ ms: Math.round(performance.now() - t), indexMs, advisories: index.size, assets: assets.length, distinctSignatures: groups.length, results, assetVerdicts, verdicts });
}

async function newAdvisory() {
  const n = Number(arg ?? 1000000);
  const assets = inventory(n);
  const tBuild = performance.now();
  const inv = new InventoryIndex(groupAssets(assets));
  const buildMs = Math.round(performance.now() - tBuild);
  const samples: number[] = [];
  let last = 0;
  for (let i = 0; i < 20; i++) {
    const cve = oneNewCve(900000 + i);
    const t = performance.now();
    const index = new AdvisoryIndex();
    for (const rec of parseNvdCve(cve, '', false)) if (rec.kind === 'advisory') index.add(cve.id, rec.advisory);
    let assetsHit = 0;
    for (const { group } of inv.matchAdvisory(index, cve.id)) assetsHit += group.assetIds.length;
    samples.push(performance.now() - t);
    last = assetsHit;
  }
  samples.sort((a, b) => a - b);
  out({ ms: Math.round(samples[Math.floor(samples.length / 2)]! * 100) / 100, maxMs: Math.round(samples[samples.length - 1]! * 100) / 100, assets: n, inventoryIndexBuildMs: buildMs, lastAssetsHit: last });
}

const steps: Record<string, () => Promise<void>> = { floor, ingest, match, 'new-advisory': newAdvisory };
await steps[step!]!();
