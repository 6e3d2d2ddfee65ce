import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanLab } from '../../../test/support/scan-lab.js';
import { main } from '../main.js';
import { openStore } from '../../db/open.js';
import { InventoryService } from '../../services/inventory.service.js';

function run(home: string, argv: string[], onOut?: (line: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => (out.push(t), onOut?.(t)), err: (t: string) => void err.push(t), interactive: false };
  return main(['--home', home, ...argv], io).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

test('mamori scope + scan: refusal, dry run, JSON, NDJSON, Ctrl-C', { timeout: 60_000 }, async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-scan-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const lab = new ScanLab();
  t.after(() => lab.close());
  const ssh = await lab.listen('127.0.3.100', 'banner', { banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n' });

  let r = await run(home, ['scan', '127.0.3.100', '--ports', String(ssh.port)]);
  assert.equal(r.code, 2);
  assert.match(r.err, /outside the authorized scope \(the scope is empty\): 127\.0\.3\.100/);

  r = await run(home, ['scope', 'add', '127.0.3.96/28', '--note', 'lab']);
  assert.equal(r.code, 0, r.err);
  r = await run(home, ['scope', 'add', '--exclude', '127.0.3.101']);
  assert.equal(r.code, 0, r.err);
  r = await run(home, ['scope', 'list', '--json']);
  assert.deepEqual(JSON.parse(r.out).map((e: { kind: string; spec: string }) => `${e.kind} ${e.spec}`), ['exclude 127.0.3.101', 'include 127.0.3.96/28']);

  r = await run(home, ['scan', '127.0.3.100-120', '--ports', String(ssh.port)]);
  assert.equal(r.code, 2);
  assert.match(r.err, /127\.0\.3\.112 \(from 127\.0\.3\.100-120\)/);

  // --dry-run: nothing is sent.
  r = await run(home, ['scan', '127.0.3.100-102', '--ports', `22,${ssh.port},U:161`, '--dry-run', '--json']);
  assert.equal(r.code, 0, r.err);
  const dry = JSON.parse(r.out);
  assert.deepEqual(dry.hosts.map((h: { ip: string }) => h.ip), ['127.0.3.100', '127.0.3.102']);
  assert.deepEqual(dry.skipped, ['127.0.3.101']);
  assert.ok(dry.probes.some((p: { port: string; first: string[] }) => p.port === '161/udp' && p.first.some((x) => x.startsWith('snmp'))));
  assert.equal(lab.total.get('127.0.3.100') ?? 0, 0, 'a dry run opened a connection');

  // A real scan with --json: the SSH server on an odd port is identified by the real registry.
  const file = join(home, 'targets.txt');
  writeFileSync(file, '# lab\n127.0.3.100\n127.0.3.102\n');
  r = await run(home, ['scan', `@${file}`, '--ports', String(ssh.port), '--timeout', '500', '--json']);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  const port = doc.hosts[0].ports[0];
  assert.equal(port.service, 'ssh');
  assert.match(port.version ?? port.product ?? '', /9\.2/);
  assert.deepEqual(doc.changes.map((c: { kind: string }) => c.kind), ['new-device']);
  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  const asset = await new InventoryService(store).get('127.0.3.100');
  await store.close();
  assert.ok(asset?.services.some((s) => s.port === ssh.port && s.service === 'ssh' && s.source === 'scan'));

  // --checks hands what was found to the checks runner (findings counts come back in the document).
  r = await run(home, ['scan', '127.0.3.100', '--ports', String(ssh.port), '--timeout', '500', '--checks', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(Object.keys(JSON.parse(r.out).checks.findings).sort(), ['fixed', 'opened', 'reopened', 'updated']);

  // --jsonl streams one event per line, ending with the summary.
  r = await run(home, ['scan', '127.0.3.100', '--ports', String(ssh.port), '--timeout', '500', '--jsonl']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.type), ['port', 'host', 'summary']);

  // Ctrl-C in the middle: exit 130, the host already done is kept, the run is marked cancelled.
  const slow = [];
  for (let i = 103; i <= 110; i++) slow.push(await lab.listen(`127.0.3.${i}`, 'banner', { banner: 'LAB/1.0\r\n', port: ssh.port }).catch(() => null));
  let sent = false;
  r = await run(home, ['scan', '127.0.3.103-110', '--ports', String(ssh.port), '--profile', 'ot-safe', '--rate', '5', '--jsonl', '--no-identify'], (line) => {
    if (!sent && line.includes('"type":"host"')) {
      sent = true;
      process.emit('SIGINT');
    }
  });
  assert.equal(r.code, 130, r.err);
  assert.match(r.err, /stopping the scan/);
  const summary = JSON.parse(r.out.split('\n').at(-1)!);
  assert.equal(summary.cancelled, true);
  assert.ok(summary.openPorts >= 1 && summary.hosts === 8);
});
