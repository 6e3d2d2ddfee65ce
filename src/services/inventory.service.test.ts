import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test/support/dialects.js';
import { InventoryService } from './inventory.service.js';

function clock(start = '2026-01-01T00:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

for (const d of dialects()) {
  test(`${d.name}: same MAC seen again updates one asset; DHCP address change does not fork it`, async () => {
    const store = await d.open();
    try {
      const c = clock();
      const inv = new InventoryService(store, c);
      const r1 = await inv.ingest([{ macs: ['00-1B-1B-AA-BB-CC'], ips: ['127.0.9.10'], vendor: 'Siemens', model: 'S7-1200' }], { source: 'scan', sighting: true });
      c.advance(60_000);
      const r2 = await inv.ingest([{ macs: ['00:1b:1b:aa:bb:cc'], ips: ['127.0.9.77'], firmware: { version: 'V4.2.1' } }], { source: 'scan', sighting: true });
      assert.equal(r1.created, 1);
      assert.equal(r2.created, 0);
      assert.equal(r2.updated, 1);
      assert.equal(r1.assetIds[0], r2.assetIds[0]);
      assert.equal(await inv.count(), 1);
      const a = await inv.require('00:1b:1b:aa:bb:cc');
      assert.deepEqual(a.ips, ['127.0.9.10', '127.0.9.77']);
      assert.equal(a.firmware?.version, 'V4.2.1');
      assert.equal(a.lastSeen, '2026-01-01T00:01:00.000Z');
      assert.equal(a.provenance.firmware?.source, 'scan');
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: an address taken by another device (new MAC) moves to it`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      await inv.ingest([{ macs: ['02:00:00:00:00:01'], ips: ['127.0.9.20'], hostnames: ['hmi-1'] }], { source: 'scan' });
      await inv.ingest([{ macs: ['02:00:00:00:00:02'], ips: ['127.0.9.20'], hostnames: ['cam-7'] }], { source: 'scan' });
      assert.equal(await inv.count(), 2);
      const old = await inv.require('hmi-1');
      assert.deepEqual(old.ips, []);
      const h = await inv.history('hmi-1');
      assert.ok(h.some((e) => e.field === 'ips' && JSON.stringify(e.before) === '["127.0.9.20"]'));
      assert.equal((await inv.require('127.0.9.20')).hostnames[0], 'cam-7');
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: host name match with a new IP, serial match and import key match`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      await inv.ingest(
        [
          { hostnames: ['PC-001.corp.example'], ips: ['127.0.9.30'] },
          { serial: 'S C-L7X12345', vendor: 'Siemens', ips: ['127.0.9.31'] },
          { externalId: 'ASSET-0042', name: 'Boiler HMI' },
        ],
        { source: 'csv' },
      );
      await inv.ingest(
        [
          { hostnames: ['pc-001.corp.example.'], ips: ['127.0.9.99'] },
          { serial: 's c-l7x12345', model: 'CPU 1214C' },
          { externalId: 'ASSET-0042', owner: 'OT' },
        ],
        { source: 'csv' },
      );
      assert.equal(await inv.count(), 3);
      assert.deepEqual((await inv.require('pc-001.corp.example')).ips, ['127.0.9.30', '127.0.9.99']);
      assert.equal((await inv.require('127.0.9.31')).model, 'CPU 1214C');
      assert.equal((await inv.require('ASSET-0042')).owner, 'OT');
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: one scan sees two live addresses under one host name (cloned PCs): two devices, no address taken`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      // The plant register: two PCs, one known by name, the other by address only.
      await inv.ingest([{ externalId: 'SIG-001', hostnames: ['signage'], ips: ['127.0.9.70'] }, { externalId: 'FS-002', ips: ['127.0.9.71'] }], { source: 'csv' });
      // One sweep: both answer with the same self-reported name (one disk image).
      await inv.ingest([{ ips: ['127.0.9.70'], hostnames: ['signage'] }, { ips: ['127.0.9.71'], hostnames: ['signage'] }], { source: 'scan', sighting: true });
      assert.equal(await inv.count(), 2);
      const fs = await inv.require('FS-002');
      assert.deepEqual(fs.ips, ['127.0.9.71']);
      assert.deepEqual(fs.hostnames, ['signage']);
      assert.deepEqual((await inv.require('SIG-001')).ips, ['127.0.9.70']);
      // The name is now ambiguous (two devices): a later sighting at a third address merges into neither.
      await inv.ingest([{ ips: ['127.0.9.72'], hostnames: ['signage'] }], { source: 'scan', sighting: true });
      assert.equal(await inv.count(), 3);
      assert.deepEqual((await inv.require('SIG-001')).ips, ['127.0.9.70']);
      assert.deepEqual((await inv.require('FS-002')).ips, ['127.0.9.71']);
      // Imports are documents, not sightings: two rows with one name and two addresses stay one device.
      await inv.ingest([{ hostnames: ['hmi-9'], ips: ['127.0.9.80'] }, { hostnames: ['hmi-9'], ips: ['127.0.9.81'] }], { source: 'csv' });
      assert.deepEqual((await inv.require('hmi-9')).ips, ['127.0.9.80', '127.0.9.81']);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: a bare IP does not merge into a device with another name`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      await inv.ingest([{ ips: ['127.0.9.40'] }], { source: 'scan' });
      await inv.ingest([{ ips: ['127.0.9.40'], hostnames: ['plc-3'] }], { source: 'nmap' });
      assert.equal(await inv.count(), 1, 'an unnamed scan result is completed by the name');
      await inv.ingest([{ ips: ['127.0.9.40'], hostnames: ['printer-9'] }], { source: 'nmap' });
      assert.equal(await inv.count(), 2, 'a different name at that address is another device');
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: manual edits win over automatic sources, and history records every change`, async () => {
    const store = await d.open();
    try {
      const c = clock();
      const inv = new InventoryService(store, c);
      await inv.ingest([{ ips: ['127.0.9.50'], hostnames: ['plc-7'], vendor: 'Siemens', firmware: { name: 'S7-1500', version: '2.8' } }], { source: 'scan' });
      c.advance(1000);
      await inv.edit('plc-7', { vendor: 'Siemens AG', criticality: 5, tags: ['line-2'] });
      c.advance(1000);
      await inv.ingest([{ ips: ['127.0.9.50'], hostnames: ['plc-7'], vendor: 'SIEMENS', firmware: { version: '2.9.4' } }], { source: 'scan' });
      const a = await inv.require('plc-7');
      assert.equal(a.vendor, 'Siemens AG', 'the manual value stays');
      assert.equal(a.firmware?.version, '2.9.4', 'fields not edited by hand still follow the scan');
      assert.equal(a.firmware?.name, 'S7-1500');
      assert.equal(a.provenance.vendor?.manual, true);
      const h = await inv.history('plc-7');
      assert.deepEqual(h.map((e) => [e.change, e.field, e.source]), [
        ['created', null, 'scan'],
        ['updated', 'vendor', 'manual'],
        ['updated', 'criticality', 'manual'],
        ['updated', 'tags', 'manual'],
        ['updated', 'firmware', 'scan'],
      ]);
      assert.deepEqual(h[4]!.before, { name: 'S7-1500', version: '2.8' });
      const since = await inv.history('plc-7', '2026-01-01T00:00:01.500Z');
      assert.equal(since.length, 1);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: re-ingesting the same data changes nothing; repeated rows in one batch make one asset`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      const rows = [
        { hostnames: ['srv-1'], ips: ['127.0.9.60'], os: { name: 'Windows Server', version: '2012 R2' }, services: [{ port: 445, service: 'smb' }] },
        { hostnames: ['srv-1'], ips: ['127.0.9.60'], services: [{ port: 3389, service: 'rdp' }] },
      ];
      const r1 = await inv.ingest(rows, { source: 'csv' });
      assert.equal(r1.created, 1);
      const h1 = (await inv.history('srv-1')).length;
      const r2 = await inv.ingest(rows, { source: 'csv' });
      assert.deepEqual([r2.created, r2.updated, r2.unchanged], [0, 0, 1]);
      assert.equal((await inv.history('srv-1')).length, h1);
      assert.deepEqual((await inv.require('srv-1')).services.map((s) => s.port), [445, 3389]);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: invalid identifiers abort the whole ingest`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      await assert.rejects(
        inv.ingest([{ ips: ['127.0.9.70'] }, { macs: ['zz:zz'] }], { source: 'csv' }),
        (e: Error & { extra?: { problems?: { line?: number }[] } }) => e.extra?.problems?.[0]?.line === 2,
      );
      assert.equal(await inv.count(), 0);
    } finally {
      await store.close();
    }
  });

  test(`${d.name}: closing a service and removing an asset are recorded`, async () => {
    const store = await d.open();
    try {
      const inv = new InventoryService(store);
      const r = await inv.ingest([{ ips: ['127.0.9.80'], services: [{ port: 23, service: 'telnet' }, { port: 80 }] }], { source: 'scan' });
      const id = r.assetIds[0]!;
      await inv.closeServices(id, [{ transport: 'tcp', port: 23 }], 'scan');
      assert.deepEqual((await inv.require(id)).services.map((s) => s.port), [80]);
      await inv.remove(id);
      assert.equal(await inv.get(id), null);
      const h = await inv.history(id);
      assert.deepEqual(h.map((e) => e.change), ['created', 'service-closed', 'removed']);
    } finally {
      await store.close();
    }
  });
}

for (const d of dialects()) {
  test(`${d.name}: a device inside a zone's range gets that zone (and its site) unless it already has one`, async () => {
    const store = await d.open();
    try {
      const { upsertZone } = await import('../db/repos/zones.repo.js');
      await upsertZone(store.db, { name: 'plant-cell', kind: 'OT', purdueLevel: 1, site: 'kawasaki', cidrs: ['127.0.9.128/25'], description: null });
      const inv = new InventoryService(store);
      await inv.ingest([{ ips: ['127.0.9.130'] }, { ips: ['127.0.9.131'], zone: '制御LAN' }, { ips: ['127.0.9.5'] }], { source: 'scan' });
      assert.equal((await inv.require('127.0.9.130')).zone, 'plant-cell');
      assert.equal((await inv.require('127.0.9.130')).site, 'kawasaki');
      assert.equal((await inv.require('127.0.9.131')).zone, '制御LAN', 'a zone someone gave wins');
      assert.equal((await inv.require('127.0.9.5')).zone, null);
      await inv.ingest([{ ips: ['127.0.9.131'] }], { source: 'scan' });
      assert.equal((await inv.require('127.0.9.131')).zone, '制御LAN', 'a later scan does not move it');
    } finally {
      await store.close();
    }
  });
}
