// The full match from the store gives the same verdicts whether it runs in this thread (reading the store itself
// or with a reader thread) or split over worker threads (which read their shares from the SQLite file themselves,
// or are handed the rows for an in-memory store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../db/open.js';
import { groupAssets } from '../advisories/matching/matcher.js';
import type { MatchAsset } from '../advisories/matching/components.js';
import { AdvisoriesService } from './advisories.service.js';
import { matchStored } from './advisory-match.js';
import { asset, fw, svc } from '../../test/support/match-assets.js';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;

const inventory: MatchAsset[] = [
  asset('scalance-a', { vendor: 'Siemens', model: 'SCALANCE X200-4P IRT', firmware: fw('V5.5.1') }),
  asset('walchem-old', { vendor: 'Walchem', model: 'Intuition 9', firmware: fw('v4.20') }),
  asset('walchem-new', { vendor: 'WALCHEM', model: 'Intuition-9', firmware: fw('4.21.0') }),
  asset('win7-smb1', { os: { name: 'Windows 7 Professional SP1', version: null }, services: [svc(445, 'Microsoft Windows SMB', null, { dialects: ['NT LM 0.12'] }, 'microsoft-ds')] }),
  asset('log4j-old', { services: [svc(8080, 'Apache Log4j', '2.14.1')] }),
  asset('log4j-new', { services: [svc(8080, 'Apache Log4j', '2.17.1')] }),
  asset('hg532', { vendor: 'Huawei', model: 'HG532e' }),
  asset('openssl-s', { services: [svc(443, 'OpenSSL', '1.1.1s')] }),
  asset('openssl-t', { services: [svc(443, 'OpenSSL', '1.1.1t')] }),
  asset('iosxe-old', { vendor: 'Cisco', os: { name: 'Cisco IOS XE', version: '17.9.3' } }),
];

async function loaded(url: string): Promise<Store> {
  const store = await openStore(url);
  const nvd = DATA + 'nvd/nvd-cves-api2.json';
  // A path without bytes is a streamed feed (lean NVD rows); the CSAF documents are kept normalized.
  await new AdvisoriesService(store).importFiles([{ name: nvd, path: nvd, size: 0 }], 'test');
  await new AdvisoriesService(store).importPaths([DATA + 'csaf/2023', DATA + 'nvd/cves']);
  return store;
}

const flat = (vs: Awaited<ReturnType<typeof matchStored>>, groups: ReturnType<typeof groupAssets>) =>
  vs.map((v) => [groups[v.group]!.assetIds.join(','), v.advisoryId, v.cve, v.verdict, v.confidence, v.reasons, v.evidence].join(' | ')).sort();

test('full match from the store: the same verdicts in this thread and split over worker threads (file and in-memory stores)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-match-'));
  const file = await loaded(`sqlite:${join(dir, 'store.db')}`);
  const memory = await loaded('sqlite::memory:');
  try {
    const groups = groupAssets(inventory);
    const inThread = flat(await matchStored(file.db, groups, file.sqlite, { workers: 0, readAhead: false }), groups);
    assert.ok(inThread.length >= 10, `a real workload: ${inThread.length} verdicts`);
    for (const verdict of ['affected', 'fixed']) assert.ok(inThread.some((l) => l.includes(` | ${verdict} | `)), verdict);
    assert.ok(inThread.some((l) => l.startsWith('log4j-old | nvd-cve-2.0:CVE-2021-44228 | CVE-2021-44228 | affected | ')));

    // Rows read by a reader thread while this one compiles and matches (a threshold low enough for this small store).
    const readAhead = flat(await matchStored(file.db, groups, file.sqlite, { workers: 0, readAhead: true, minParallel: 1 }), groups);
    assert.deepEqual(readAhead, inThread);
    // Three workers, so that shares differ in size, and a threshold low enough for this small store.
    const fromFile = flat(await matchStored(file.db, groups, file.sqlite, { workers: 3, minParallel: 1 }), groups);
    assert.deepEqual(fromFile, inThread);
    const handedRows = flat(await matchStored(memory.db, groups, memory.sqlite, { workers: 2, minParallel: 1 }), groups);
    assert.deepEqual(handedRows, inThread);
  } finally {
    await file.close();
    await memory.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
