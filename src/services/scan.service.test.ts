import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test/support/dialects.js';
import { ScanLab } from '../../test/support/scan-lab.js';
import { labBannerProbe } from '../engine/fixtures/lab-probes.js';
import { ScanService } from './scan.service.js';
import { InventoryService } from './inventory.service.js';

for (const d of dialects()) {
  test(`[${d.name}] scope: add, list, remove; out-of-scope targets are refused by name`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    const svc = new ScanService(store, { lookup: async () => [] });
    await svc.addScope({ kind: 'include', spec: '127.0.3.0/25' });
    await svc.addScope({ kind: 'include', spec: '127.0.3.200-210', ot: true, note: 'line 2 PLCs' });
    await svc.addScope({ kind: 'exclude', spec: '127.0.3.7' });
    await svc.addScope({ kind: 'include', spec: '127.0.3.0/25', note: 'office' }); // same spec: updated, not duplicated
    const list = await svc.listScope();
    assert.deepEqual(list.map((e) => [e.kind, e.spec, e.ot]), [['exclude', '127.0.3.7', false], ['include', '127.0.3.0/25', false], ['include', '127.0.3.200-210', true]]);
    await assert.rejects(svc.plan({ targets: ['127.0.3.120-130'] }), (e: Error & { code?: string }) => e.code === 'E_OUT_OF_SCOPE' && /127\.0\.3\.128 \(from 127\.0\.3\.120-130\)/.test(e.message));
    const p = await svc.plan({ targets: ['127.0.3.5-8', '127.0.3.201'], exclude: ['127.0.3.8'], ports: '22,U:161' });
    assert.deepEqual(p.plan.hosts.map((h) => [h.ip, h.profile.name]), [['127.0.3.5', 'normal'], ['127.0.3.6', 'normal'], ['127.0.3.201', 'ot-safe']]);
    assert.deepEqual(p.skipped.map((s) => s.ip).sort(), ['127.0.3.7', '127.0.3.8']);
    const fast = await svc.plan({ targets: ['127.0.3.201'], profile: 'fast', allowOt: true, ports: '22' });
    assert.equal(fast.plan.hosts[0]?.profile.name, 'fast');
    await assert.rejects(svc.plan({ targets: ['@/etc/hosts'] }), /only accepted on the command line/);
    // A zone the inventory marks OT makes its hosts ot-safe too, even when the scope entry is not marked.
    await store.db.insertInto('zones').values({ name: 'line-1', kind: 'OT', purdue_level: 1, site: null, cidrs: JSON.stringify(['127.0.3.4/31']), description: null }).execute();
    const zoned = await svc.plan({ targets: ['127.0.3.4-6'], ports: '502' });
    assert.deepEqual(zoned.plan.hosts.map((h) => h.profile.name), ['ot-safe', 'ot-safe', 'normal']);
    // A device the inventory knows as OT (a PLC registered by hand) is scanned gently wherever it sits.
    await new InventoryService(store).ingest([{ ips: ['127.0.3.9'], class: 'ot', kind: 'plc' }], { source: 'manual', manual: true });
    const known = await svc.plan({ targets: ['127.0.3.9-10'], ports: '502' });
    assert.deepEqual(known.plan.hosts.map((h) => [h.ip, h.profile.name]), [['127.0.3.9', 'ot-safe'], ['127.0.3.10', 'normal']]);
    await svc.removeScope('127.0.3.7');
    await assert.rejects(svc.removeScope('127.0.3.7'), /no scope entry/);
    assert.equal((await svc.listScope()).length, 2);
  });

  test(`[${d.name}] a scan writes assets through the inventory and a rescan reports what changed`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    let lab = new ScanLab();
    t.after(() => lab.close());
    const a = await lab.listen('127.0.3.90', 'banner', { banner: 'LAB/1.0 PLC-1\r\n' });
    const b = await lab.listen('127.0.3.90', 'silent');
    const svc = new ScanService(store, { probes: [labBannerProbe], lookup: async () => [] });
    await svc.addScope({ kind: 'include', spec: '127.0.3.90-91' });
    const ports = `${a.port},${b.port}`;
    const first = await svc.run(await svc.plan({ targets: ['127.0.3.90-91'], ports, timeoutMs: 400 }));
    assert.deepEqual(first.changes.map((c) => [c.kind, c.ip]), [['new-device', '127.0.3.90']]);
    assert.equal(first.ingest.created, 1);
    const inv = new InventoryService(store);
    const asset = await inv.get('127.0.3.90');
    assert.equal(asset?.class, 'ot');
    assert.equal(asset?.firmware?.version, '1.0');
    assert.deepEqual(asset?.services.map((s) => [s.port, s.service, s.source]).sort(), [[a.port, 'lab', 'scan'], [b.port, null, 'scan']].sort());
    assert.equal((await svc.getRun(first.id))?.status, 'completed');
    assert.equal((await svc.getResults(first.id)).length, 2);

    // Second scan: the silent port is gone, the banner reports new firmware on the same port.
    lab.close();
    lab = new ScanLab();
    await lab.listen('127.0.3.90', 'banner', { banner: 'LAB/1.1 PLC-1\r\n', port: a.port });
    const second = await svc.run(await svc.plan({ targets: ['127.0.3.90-91'], ports, timeoutMs: 400 }));
    const kinds = second.changes.map((c) => `${c.kind}${c.port ? `:${c.port}` : ''}`).sort();
    assert.deepEqual(kinds, [`changed-firmware`, `changed-service:${a.port}`, `closed-port:${b.port}`].sort());
    assert.equal(second.changes.find((c) => c.kind === 'changed-firmware')?.after, '1.1');
    const after = await inv.get('127.0.3.90');
    assert.deepEqual(after?.services.map((s) => s.port), [a.port]);
    assert.equal(after?.firmware?.version, '1.1');
  });
}
