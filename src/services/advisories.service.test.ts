import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialects } from '../../test/support/dialects.js';
import { InventoryService } from './inventory.service.js';
import { AdvisoriesService } from './advisories.service.js';
import { MamoriError } from '../core/errors.js';
import SQLite from 'better-sqlite3';
import { openStore } from '../db/open.js';
import { migrateToLatest } from '../db/migrate.js';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const FIX = new URL('../advisories/sources/fixtures/', import.meta.url).pathname;

function clock(start = '2026-01-01T00:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function feedDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-feeds-'));
  copyFileSync(DATA + 'csaf/2023/icsa-23-229-04.json', join(dir, 'icsa-23-229-04.json'));
  copyFileSync(DATA + 'nvd/cves/CVE-2017-0144.json', join(dir, 'CVE-2017-0144.json'));
  copyFileSync(DATA + 'kev/known_exploited_vulnerabilities.json', join(dir, 'kev.json'));
  return dir;
}

for (const d of dialects()) {
  test(`${d.name}: import a folder, a ZIP and a provider mirror; affected by CVE and by advisory id, with KEV and evidence`, async () => {
    const store = await d.open();
    const dir = feedDir();
    try {
      const c = clock();
      const inv = new InventoryService(store, c);
      const { assetIds } = await inv.ingest(
        [
          { name: 'chem-1', ips: ['127.0.50.1'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: 'v4.20' }, class: 'ot', zone: 'plant-1', owner: 'OT' },
          { name: 'chem-2', ips: ['127.0.50.2'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: '4.21' }, class: 'ot', zone: 'plant-1' },
          { name: 'pc-7', ips: ['127.0.50.3'], hostnames: ['pc-7.corp'], os: { name: 'Windows 7 SP1' }, class: 'it', zone: 'office', services: [{ port: 445, service: 'microsoft-ds', product: 'Microsoft Windows SMB', extra: { dialects: ['NT LM 0.12'] } }] },
          { name: 'sw-1', ips: ['127.0.50.4'], vendor: 'Siemens', model: 'SCALANCE X200-4P IRT', firmware: { version: 'V5.4' }, class: 'ot', zone: 'plant-1' },
        ],
        { source: 'test' },
      );
      const svc = new AdvisoriesService(store, c);
      const s1 = await svc.importPaths([dir, FIX + 'two-csaf.zip', FIX + 'provider-mirror']);
      assert.deepEqual(s1.advisories, { new: 4, updated: 0, unchanged: 0 }, 'ICSA-23-229-04 (folder and ZIP, counted once), CVE-2017-0144, ICSA-23-243-04, ICSA-23-103-05');
      assert.equal(s1.kevEntries, 1404 + 0, 'the NVD record also carries KEV fields for a CVE already in the catalog');
      assert.equal(s1.formats['csaf-2.0'], 4);

      const eb = await svc.affected('CVE-2017-0144');
      const pc = eb.matches.find((m) => m.asset.id === assetIds[2])!;
      assert.equal(pc.verdict, 'affected');
      assert.equal(pc.advisory.id, 'CVE-2017-0144');
      assert.deepEqual(pc.asset.hostnames, ['pc-7.corp']);
      assert.ok(pc.kev && pc.kev.knownRansomware === true);
      assert.ok(pc.priority >= 80, String(pc.priority));
      assert.equal(pc.team, 'IT');

      const w = await svc.affected('ICSA-23-229-04');
      const byName = Object.fromEntries(w.matches.filter((m) => m.cve === 'CVE-2023-38422').map((m) => [m.asset.name, m.verdict]));
      assert.deepEqual(byName, { 'chem-1': 'affected', 'chem-2': 'fixed' });
      assert.ok(w.matches.every((m) => m.reasons.length > 0));
      assert.equal(w.matches.find((m) => m.asset.name === 'chem-1')!.team, 'OT');

      const sw = await svc.affected('icsa-23-103-05');
      assert.equal(sw.matches.find((m) => m.asset.name === 'sw-1')!.verdict, 'affected', 'from the provider mirror');

      // Re-import: nothing changes, nothing is "new".
      c.advance(60_000);
      const s2 = await svc.importPaths([dir]);
      assert.deepEqual(s2.advisories, { new: 0, updated: 0, unchanged: 2 });
      assert.equal((await svc.vulns({ newOnly: true })).matches.length, 0);

      // KEV filter and zone filter.
      const kev = await svc.vulns({ kev: true });
      assert.deepEqual([...new Set(kev.matches.map((m) => m.asset.name))], ['pc-7']);
      const plant = await svc.vulns({ zone: 'plant-1' });
      assert.deepEqual([...new Set(plant.matches.map((m) => m.asset.name))].sort(), ['chem-1', 'sw-1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await store.close();
    }
  });

  test(`${d.name}: a changed asset is re-matched; a decision survives re-sync and version edits that keep the verdict`, async () => {
    const store = await d.open();
    const dir = feedDir();
    try {
      const c = clock();
      const inv = new InventoryService(store, c);
      const { assetIds } = await inv.ingest([{ name: 'chem-1', ips: ['127.0.50.1'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: 'v4.10' } }], { source: 'test' });
      const id = assetIds[0]!;
      const svc = new AdvisoriesService(store, c);
      await svc.importPaths([dir]);
      await svc.decide(id, 'CVE-2023-38422', 'mitigated', 'API port firewalled off', 'alice');
      let open = await svc.vulns({ asset: id });
      assert.ok(!open.matches.some((m) => m.cve === 'CVE-2023-38422'), 'mitigated matches leave the open list');
      const all = await svc.vulns({ asset: id, all: true });
      assert.equal(all.matches.find((m) => m.cve === 'CVE-2023-38422')!.decision?.applies, true);

      // Version edit that keeps the outcome (still < 4.21): the decision stays.
      c.advance(1000);
      await inv.edit(id, { firmware: { version: 'v4.15' } });
      await svc.rematchAssets([id]);
      open = await svc.vulns({ asset: id });
      assert.ok(!open.matches.some((m) => m.cve === 'CVE-2023-38422'));

      // Re-sync with a new revision of the advisory: still the same outcome, the decision stays.
      c.advance(1000);
      const doc = JSON.parse(readFileSync(join(dir, 'icsa-23-229-04.json'), 'utf8'));
      doc.document.tracking.version = '2';
      doc.document.tracking.revision_history.push({ date: '2023-08-01T00:00:00.000Z', number: '2', summary: 'test update' });
      doc.document.tracking.current_release_date = '2023-08-01T00:00:00.000Z';
      writeFileSync(join(dir, 'icsa-23-229-04.json'), JSON.stringify(doc));
      const s = await svc.importPaths([dir]);
      assert.equal(s.advisories.updated, 1);
      open = await svc.vulns({ asset: id });
      assert.ok(!open.matches.some((m) => m.cve === 'CVE-2023-38422'));

      // Upgrade to the fixed version: verdict changes to fixed, the asset leaves the open list, and it is "new".
      c.advance(1000);
      await inv.edit(id, { firmware: { version: 'V4.21' } });
      const changed = await svc.rematchAssets([id]);
      assert.ok(changed >= 1);
      const after = await svc.vulns({ asset: id, all: true });
      const m = after.matches.find((x) => x.cve === 'CVE-2023-38422')!;
      assert.equal(m.verdict, 'fixed');
      assert.equal(m.decision?.applies, false, 'a decision made on "affected" does not carry over to a different outcome');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await store.close();
    }
  });

  test(`${d.name}: bad input names the file and location, and nothing is ingested`, async () => {
    const store = await d.open();
    const dir = feedDir();
    try {
      const svc = new AdvisoriesService(store);
      writeFileSync(join(dir, 'zz-truncated.json'), readFileSync(DATA + 'csaf/2023/icsa-23-243-04.json', 'utf8').slice(0, 3000));
      await assert.rejects(svc.importPaths([dir]), (e: unknown) => e instanceof MamoriError && /zz-truncated\.json:\d+:\d+: invalid JSON/.test(e.message));
      rmSync(join(dir, 'zz-truncated.json'));
      const bad = JSON.parse(readFileSync(DATA + 'csaf/2023/icsa-23-243-04.json', 'utf8'));
      delete bad.document.publisher;
      writeFileSync(join(dir, 'zz-invalid.json'), JSON.stringify(bad));
      await assert.rejects(svc.importPaths([dir]), (e: unknown) => e instanceof MamoriError && /zz-invalid\.json: invalid CSAF 2\.0/.test(e.message) && (e.extra.problems ?? []).some((p) => p.pointer === '/document' && /publisher/.test(p.message)));
      rmSync(join(dir, 'zz-invalid.json'));
      writeFileSync(join(dir, 'zz-wrong.xml'), '<VULDEF-Document><Vulinfo></VULDEF-Document>');
      await assert.rejects(svc.importPaths([dir]), /zz-wrong\.xml:1:\d+: invalid XML/);
      const f = await svc.feeds();
      assert.deepEqual(f.formats, [], 'no advisory was written by the failed imports');
      assert.equal(f.kev.entries, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await store.close();
    }
  });
}

for (const d of dialects()) {
  test(`${d.name}: a streamed NVD feed (stored lean) matches exactly like the same page read whole; re-imports skip or replace`, async () => {
    const nvd = DATA + 'nvd/nvd-cves-api2.json';
    const plant = [
      { name: 'router', ips: ['127.0.60.1'], vendor: 'D-Link', model: 'DIR-905L', firmware: { version: '1.02' } },
      { name: 'hmi', ips: ['127.0.60.2'], os: { name: 'Windows 7', version: 'SP1' }, services: [{ port: 445, service: 'microsoft-ds', product: 'Microsoft Windows SMB', version: '1', extra: { smb1: true } }] },
      { name: 'gateway', ips: ['127.0.60.3'], vendor: 'Siemens', model: '6BK1602-0AA12-0TP0', firmware: { version: '2.6.1' } },
      { name: 'vpn', ips: ['127.0.60.4'], services: [{ port: 443, service: 'https', product: 'OpenSSL', version: '1.1.1s' }] },
      { name: 'rig', ips: ['127.0.60.5'], services: [{ port: 3333, service: 'http', product: 'Claymore Dual Miner', version: '11.0' }] },
      { name: 'switch', ips: ['127.0.60.6'], vendor: 'Rockwell Automation', model: 'Allen-Bradley Stratix 5800', firmware: { version: '17.11.01' } },
    ];
    const whole = await d.open();
    const streamed = await d.open();
    const noRaw = await d.open();
    const dir = mkdtempSync(join(tmpdir(), 'mamori-nvd-'));
    try {
      const view = async (store: typeof whole) =>
        (await new AdvisoriesService(store).vulns({ all: true })).matches.map((m) => [m.asset.name, m.advisory.id, m.cve, m.verdict, m.confidence, m.reasons.join(' | '), m.priority].join(' ')).sort();
      for (const store of [whole, streamed, noRaw]) await new InventoryService(store).ingest(plant, { source: 'test' });
      const a = await new AdvisoriesService(whole).importPaths([nvd]);
      // Read whole without keeping the source documents: NVD records are kept lean there too.
      const c = await new AdvisoriesService(noRaw).importPaths([nvd], { keepRaw: false });
      assert.deepEqual([c.advisories, c.kevEntries, c.warnings.length], [a.advisories, a.kevEntries, a.warnings.length]);
      const svc = new AdvisoriesService(streamed);
      const b = await svc.importFiles([{ name: nvd, path: nvd, size: 0 }], 'test');
      assert.equal(b.advisories.new, a.advisories.new);
      assert.equal(b.kevEntries, a.kevEntries);
      const expected = await view(whole);
      assert.ok(expected.length >= 10, `the plant meets the page's CVEs (${expected.length} matches)`);
      assert.ok(expected.some((x) => x.startsWith('router nvd') || x.startsWith('router CVE-2014-8361')), 'the D-Link router is matched');
      assert.deepEqual(await view(streamed), expected);
      assert.deepEqual(await view(noRaw), expected);
      // An asset added after the import is matched from the stored (lean) records too.
      await new InventoryService(whole).ingest([{ name: 'late', ips: ['127.0.60.7'], vendor: 'QNAP', model: 'QVR', firmware: { version: '4.1.0' } }], { source: 'test' });
      await new InventoryService(streamed).ingest([{ name: 'late', ips: ['127.0.60.7'], vendor: 'QNAP', model: 'QVR', firmware: { version: '4.1.0' } }], { source: 'test' });
      assert.deepEqual(await view(streamed), await view(whole));
      assert.deepEqual((await svc.affected('CVE-2021-44228')).matches.map((m) => [m.asset.name, m.verdict]), [['gateway', 'affected']]);

      // The same feed again: nothing changes. One record changed (a fix released earlier): only it is replaced.
      const again = await svc.importFiles([{ name: nvd, path: nvd, size: 0 }], 'test');
      assert.deepEqual(again.advisories, { new: 0, updated: 0, unchanged: b.advisories.new });
      const doc = JSON.parse(readFileSync(nvd, 'utf8')) as { vulnerabilities: { cve: { id: string; lastModified: string; configurations: { nodes: { cpeMatch: { versionEndExcluding?: string }[] }[] }[] } }[] };
      const log4j = doc.vulnerabilities.find((v) => v.cve.id === 'CVE-2021-44228')!.cve;
      log4j.lastModified = '2030-01-01T00:00:00.000';
      for (const c of log4j.configurations) for (const n of c.nodes) for (const m of n.cpeMatch) if (m.versionEndExcluding === '2.7.0') m.versionEndExcluding = '2.6.0';
      const changedFile = join(dir, 'nvd-changed.json');
      writeFileSync(changedFile, JSON.stringify(doc));
      const upd = await svc.importFiles([{ name: changedFile, path: changedFile, size: 0 }], 'test');
      assert.deepEqual(upd.advisories, { new: 0, updated: 1, unchanged: b.advisories.new - 1 });
      assert.deepEqual((await svc.affected('CVE-2021-44228')).matches.map((m) => [m.asset.name, m.verdict]), [['gateway', 'fixed']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await whole.close();
      await streamed.close();
      await noRaw.close();
    }
  });
}

test('sqlite: an asset added or edited after the import is matched before the answer', async () => {
  const d = dialects()[0]!;
  const store = await d.open();
  try {
    const c = clock();
    const svc = new AdvisoriesService(store, c);
    await svc.importPaths([DATA + 'csaf/2023/icsa-23-229-04.json']);
    const inv = new InventoryService(store, c);
    c.advance(1000);
    const { assetIds } = await inv.ingest([{ name: 'late', ips: ['127.0.50.9'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: '4.0' } }], { source: 'test' });
    let r = await svc.affected('CVE-2023-38422');
    assert.deepEqual(r.matches.map((m) => [m.asset.name, m.verdict]), [['late', 'affected']]);
    c.advance(1000);
    await inv.edit(assetIds[0]!, { firmware: { version: '4.30' } });
    r = await svc.affected('CVE-2023-38422');
    assert.deepEqual(r.matches.map((m) => [m.asset.name, m.verdict]), [['late', 'fixed']]);
  } finally {
    await store.close();
  }
});

test('sqlite: a first streamed import that fails half-way leaves nothing, and the store as it was (indexes, WAL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-nvd-bad-'));
  // A file store: WAL, which the first bulk import leaves for a rollback journal and must restore.
  const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
  try {
    const svc = new AdvisoriesService(store);
    const text = readFileSync(DATA + 'nvd/nvd-cves-api2.json', 'utf8');
    // Record 20 of 38 broken; a CSAF document of the same import was written before the stream started.
    const doc = JSON.parse(text) as { vulnerabilities: unknown[] };
    const parts = doc.vulnerabilities.map((v) => JSON.stringify(v));
    parts[20] = '{"cve": {"id": "CVE-2023-9999", "descriptions": [}';
    const bad = join(dir, 'nvd-bad.json');
    writeFileSync(bad, `{"format":"NVD_CVE","vulnerabilities":[${parts.join(',\n')}]}`);
    const raw = store.sqlite!;
    const journal = raw.pragma('journal_mode', { simple: true });
    assert.equal(journal, 'wal');
    const csaf = DATA + 'csaf/2023/icsa-23-229-04.json';
    const files = [{ name: csaf, bytes: readFileSync(csaf), size: 1 }, { name: bad, path: bad, size: 0 }];
    await assert.rejects(svc.importFiles(files, 'test'), (e: unknown) => e instanceof MamoriError && /nvd-bad\.json: record 20 \(byte \d+\): invalid JSON/.test(e.message) && e.extra.location?.pointer === '/vulnerabilities/20');
    assert.deepEqual((await svc.feeds()).formats, []);
    assert.equal(raw.pragma('journal_mode', { simple: true }), journal);
    const indexes = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('advisories_source_idx', 'advisory_vulns_cve_idx')").all() as { name: string }[]).map((r) => r.name).sort();
    assert.deepEqual(indexes, ['advisories_source_idx', 'advisory_vulns_cve_idx']);
    assert.equal((raw.prepare('SELECT count(*) AS n FROM advisory_key_postings').get() as { n: number }).n, 0);
    const good = DATA + 'nvd/nvd-cves-api2.json';
    assert.equal((await svc.importFiles([{ name: good, path: good, size: 0 }], 'test')).advisories.new, 38);
    assert.equal(raw.pragma('journal_mode', { simple: true }), journal);
    assert.deepEqual((await svc.affected('CVE-2021-44228')).advisories.map((a) => a.id), ['CVE-2021-44228']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: a first streamed import while another connection has the store open stays in WAL and succeeds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-nvd-wal-'));
  const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
  const other = new SQLite(join(dir, 'store.db'));
  try {
    other.prepare('SELECT count(*) FROM advisories').get();
    const nvd = DATA + 'nvd/nvd-cves-api2.json';
    const t = performance.now();
    assert.equal((await new AdvisoriesService(store).importFiles([{ name: nvd, path: nvd, size: 0 }], 'test')).advisories.new, 38);
    assert.ok(performance.now() - t < 4000, 'no wait for the other connection');
    assert.equal(store.sqlite!.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal((other.prepare('SELECT count(*) AS n FROM advisories').get() as { n: number }).n, 38);
  } finally {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The NVD page with a record whose id is not a CVE id and a CPE name parseCpe refuses (two warnings). */
function irregularNvdFeed(dir: string): string {
  const doc = JSON.parse(readFileSync(DATA + 'nvd/nvd-cves-api2.json', 'utf8')) as { vulnerabilities: { cve: { id: string; configurations?: { nodes: { cpeMatch: { criteria: string }[] }[] }[] } }[] };
  doc.vulnerabilities[5]!.cve.id = 'NOT-A-CVE';
  doc.vulnerabilities.find((v) => v.cve.id === 'CVE-2023-0052')!.cve.configurations![0]!.nodes[0]!.cpeMatch[0]!.criteria = 'cpe:2.3:a:vendor';
  const file = join(dir, 'nvd-irregular.json');
  writeFileSync(file, JSON.stringify(doc, null, 1));
  return file;
}

test('sqlite: a streamed NVD feed made rows by worker threads is stored exactly as when made in this thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-nvd-workers-'));
  const plant = [
    { name: 'router', ips: ['127.0.61.1'], vendor: 'D-Link', model: 'DIR-905L', firmware: { version: '1.02' } },
    { name: 'gateway', ips: ['127.0.61.3'], vendor: 'Siemens', model: '6BK1602-0AA12-0TP0', firmware: { version: '2.6.1' } },
    { name: 'hmi', ips: ['127.0.61.2'], os: { name: 'Windows 7', version: 'SP1' }, services: [{ port: 445, service: 'microsoft-ds', product: 'Microsoft Windows SMB', version: '1', extra: { smb1: true } }] },
  ];
  const stores = [await openStore('sqlite::memory:'), await openStore('sqlite::memory:')];
  try {
    const file = irregularNvdFeed(dir);
    const run = async (store: (typeof stores)[number], stream: { workers: number; workersFrom?: number; batchRecords?: number }) => {
      await new InventoryService(store).ingest(plant, { source: 'test' });
      const svc = new AdvisoriesService(store, clock());
      const summary = await svc.importFiles([{ name: file, path: file, size: 1 }], 'test', { stream });
      const raw = store.sqlite!;
      const matches = (await svc.vulns({ all: true })).matches.map((m) => [m.asset.name, m.advisory.id, m.cve, m.verdict, m.confidence, m.reasons.join(' | '), m.priority].join(' ')).sort();
      return {
        summary,
        advisories: raw.prepare('SELECT * FROM advisories ORDER BY id').all(),
        postings: raw.prepare('SELECT * FROM advisory_key_postings ORDER BY key').all(),
        kev: raw.prepare('SELECT * FROM kev_entries ORDER BY cve').all(),
        matches,
      };
    };
    const here = await run(stores[0]!, { workers: 0 });
    // Two workers and batches of 4 records: results come back from both, and must be written in the feed's order.
    const there = await run(stores[1]!, { workers: 2, workersFrom: 0, batchRecords: 4 });
    assert.equal(here.summary.advisories.new, 37);
    assert.deepEqual(here.summary.warnings.map((w) => w.pointer), ['/vulnerabilities/5/cve/id', '/vulnerabilities/15/cve/configurations/0/nodes/0/cpeMatch/0/criteria']);
    assert.ok(here.matches.length >= 5, `the plant meets the feed (${here.matches.length} matches)`);
    assert.ok(here.postings.length > 100);
    assert.equal(here.kev.length, 11, 'the KEV fields of 12 records, one of them without a valid CVE id');
    assert.deepEqual(there, here);
  } finally {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: a bad record of a streamed NVD feed read by worker threads: the same error as in this thread, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-nvd-workers-bad-'));
  const stores = [await openStore('sqlite::memory:'), await openStore('sqlite::memory:')];
  try {
    const doc = JSON.parse(readFileSync(DATA + 'nvd/nvd-cves-api2.json', 'utf8')) as { vulnerabilities: unknown[] };
    const parts = doc.vulnerabilities.map((v) => JSON.stringify(v));
    const variants = {
      // Not JSON, brackets balanced: only the record is bad.
      badRecord: parts.map((p, i) => (i === 20 ? p.replace('"descriptions":[', '"descriptions":[,') : p)),
      // Not JSON, brackets unbalanced: the split runs to the end of the file, which it finds truncated.
      unbalanced: parts.map((p, i) => (i === 20 ? '{"cve": {"id": "CVE-2023-9999", "descriptions": [}' : p)),
      // Cut in the middle of record 30.
      truncated: null,
    };
    for (const [name, list] of Object.entries(variants)) {
      const file = join(dir, `nvd-${name}.json`);
      const text = `{"format":"NVD_CVE","vulnerabilities":[${(list ?? parts).join(',\n')}]}`;
      writeFileSync(file, list ? text : text.slice(0, text.indexOf(parts[30]!) + 200));
      const errors: MamoriError[] = [];
      for (const [store, stream] of [[stores[0]!, { workers: 0 }], [stores[1]!, { workers: 2, workersFrom: 0, batchRecords: 4 }]] as const) {
        const svc = new AdvisoriesService(store);
        await assert.rejects(svc.importFiles([{ name: file, path: file, size: 1 }], 'test', { stream }), (e: unknown) => {
          assert.ok(e instanceof MamoriError);
          errors.push(e);
          return true;
        });
        for (const table of ['advisories', 'advisory_key_postings', 'kev_entries', 'feed_imports']) assert.equal((store.sqlite!.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 0, `${name}: nothing in ${table}`);
      }
      const [here, there] = errors.map((e) => ({ code: e.code, message: e.message, location: e.extra.location }));
      assert.deepEqual(there, here, name);
      if (name === 'truncated') assert.match(here!.message, /nvd-truncated\.json: truncated JSON: input ended inside record 30 \(starting at byte \d+\); nothing was imported$/);
      else assert.match(here!.message, /: record 20 \(byte \d+\): invalid JSON: /, name);
    }
  } finally {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: migration 0007 gives advisories stored before it their match keys', async () => {
  const d = dialects()[0]!;
  const store = await d.open();
  try {
    const c = clock();
    await new AdvisoriesService(store, c).importPaths([DATA + 'csaf/2023/icsa-23-229-04.json']);
    // Back to the store as 0003 left it: coarse key rows, no postings, 0007 not applied.
    store.sqlite!.exec("DROP TABLE advisory_key_postings; CREATE TABLE advisory_keys (key TEXT NOT NULL, advisory_id TEXT NOT NULL); DELETE FROM kysely_migration WHERE name = '0007-advisories-compact'");
    assert.deepEqual(await migrateToLatest(store.db, 'sqlite'), ['0007-advisories-compact']);
    assert.ok((store.sqlite!.prepare('SELECT count(*) AS n FROM advisory_key_postings').get() as { n: number }).n > 0);
    c.advance(1000);
    await new InventoryService(store, c).ingest([{ name: 'chem', ips: ['127.0.50.8'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: '4.0' } }], { source: 'test' });
    const r = await new AdvisoriesService(store, c).affected('CVE-2023-38422');
    assert.deepEqual(r.matches.map((m) => [m.asset.name, m.verdict]), [['chem', 'affected']]);
  } finally {
    await store.close();
  }
});

test('sqlite: a streamed (over-threshold) file is read as an NVD feed, anything else is refused by name', async () => {
  const d = dialects()[0]!;
  const store = await d.open();
  try {
    const svc = new AdvisoriesService(store);
    // SourceFile with a path (no bytes) is how readSources hands over files above STREAM_THRESHOLD.
    const nvd = DATA + 'nvd/nvd-cves-api2.json';
    const s = await svc.importFiles([{ name: nvd, path: nvd, size: 0 }], 'test');
    assert.equal(s.advisories.new, 38);
    assert.equal(s.kevEntries, 12, 'the NVD records that carry CISA KEV fields');
    const csaf = DATA + 'csaf/2023/icsa-23-229-04.json';
    await assert.rejects(svc.importFiles([{ name: csaf, path: csaf, size: 0 }], 'test'), /icsa-23-229-04\.json: files over 64 MB are read as streamed NVD/);
    assert.equal((await svc.feeds()).formats.find((f) => f.format === 'csaf-2.0'), undefined);
  } finally {
    await store.close();
  }
});
