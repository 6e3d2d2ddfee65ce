import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialects } from '../../test/support/dialects.js';
import { MamoriError } from '../core/errors.js';
import { InventoryService } from './inventory.service.js';
import { exportCsv, importFile } from './import.service.js';

const fx = (n: string) => join(import.meta.dirname, '..', 'imports', 'fixtures', n);
const tmp = mkdtempSync(join(tmpdir(), 'mamori-import-'));

function bigCsv(n: number): string {
  const lines = ['asset_id,hostname,ip,mac,class,kind,vendor,model,firmware_version,zone,site,owner,criticality,services'];
  for (let i = 0; i < n; i++) {
    const ip = `127.${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    const mac = `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
    lines.push(`A-${i},host-${i},${ip},${mac},${i % 3 ? 'it' : 'ot'},${i % 3 ? 'workstation' : 'plc'},${i % 3 ? 'Dell' : 'Siemens'},M${i % 7},1.${i % 5},${i % 3 ? 'office' : 'plant-1'},kawasaki,${i % 3 ? 'IT' : 'OT'},${1 + (i % 5)},"${i % 3 ? '445/tcp smb' : '102/tcp s7comm; 502/tcp modbus'}"`);
  }
  return `${lines.join('\n')}\n`;
}

for (const d of dialects()) {
  test(`${d.name}: a 10,000-row CSV imports, and re-importing it changes nothing`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      const file = join(tmp, `big-${d.name}.csv`);
      writeFileSync(file, bigCsv(10_000));
      const r1 = await importFile(inv, file);
      assert.deepEqual([r1.rows, r1.created, r1.updated], [10_000, 10_000, 0]);
      assert.equal(await inv.count({ class: 'ot' }), 3334);
      const hist = await store.db.selectFrom('asset_history').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const r2 = await importFile(inv, file);
      assert.deepEqual([r2.created, r2.updated, r2.unchanged], [0, 0, 10_000]);
      const hist2 = await store.db.selectFrom('asset_history').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      assert.equal(Number(hist2?.n), Number(hist?.n));
      const plc = await inv.require('host-3');
      assert.deepEqual(plc.services.map((s) => s.port), [102, 502]);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: a malformed file writes nothing and names file:line: column`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      await assert.rejects(importFile(inv, fx('malformed.csv')), (e: MamoriError) => {
        assert.equal(e.code, 'E_INPUT_INVALID');
        assert.equal(e.extra.problems?.length, 3);
        assert.equal(e.extra.problems?.[0]?.line, 3);
        return true;
      });
      assert.equal(await inv.count(), 0);
      const r = await importFile(inv, fx('malformed.csv'), { skipInvalid: true });
      assert.equal(r.created, 1);
      assert.equal(r.skipped.length, 3);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: nmap XML with -sV and -O becomes assets with services and OS`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      const r = await importFile(inv, fx('nmap-loopback-sV-O.xml'));
      assert.equal(r.format, 'nmap');
      assert.equal(r.created, 1);
      const a = await inv.require('127.0.0.1');
      assert.deepEqual(a.services.map((s) => s.port), [1883, 3306, 5432, 6379]);
      const redis = a.services.find((s) => s.port === 6379)!;
      assert.equal(redis.product, 'Redis key-value store');
      assert.equal(redis.version, '7.0.15');
      assert.equal(a.os?.name, 'Linux');
      assert.ok(a.cpes.some((c) => c.startsWith('cpe:2.3:o:linux:linux_kernel')));
      const again = await importFile(inv, fx('nmap-loopback-sV-O.xml'));
      assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 1]);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: broken XML and JSON name the file and line`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      const xml = join(tmp, 'broken.xml');
      writeFileSync(xml, '<nmaprun>\n<host><address addr="127.0.0.1"\n</nmaprun>');
      await assert.rejects(importFile(inv, xml), /broken\.xml:\d+:\d+: not well-formed XML/);
      const json = join(tmp, 'broken.json');
      writeFileSync(json, '[{"ips": ["127.0.0.1"]},\n {"ips": ');
      await assert.rejects(importFile(inv, json), /broken\.json.*not valid JSON/);
      const badJson = join(tmp, 'bad.json');
      writeFileSync(badJson, JSON.stringify([{ ips: ['127.0.0.1'] }, { ips: ['127.0.0.2'], criticality: 9 }]));
      await assert.rejects(importFile(inv, badJson), (e: MamoriError) => e.extra.problems?.[0]?.pointer === '/1/criticality');
      assert.equal(await inv.count(), 0);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: CSV export re-imports onto the same assets; Shift_JIS import end to end`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      await importFile(inv, fx('excel-shift_jis-japanese-headers.csv'));
      const out = join(tmp, `export-${d.name}.csv`);
      writeFileSync(out, exportCsv(await inv.list()));
      const r = await importFile(inv, out);
      assert.deepEqual([r.created, r.updated, r.unchanged], [0, 0, 3]);
      assert.equal((await inv.require('hmi-line1')).vendor, '三菱電機');
    } finally {
      await store.close();
    }
  });
}
