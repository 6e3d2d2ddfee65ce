// The emulators' own documented behaviours (miners.md), which the probe and check tests rely on:
// the connection counter really sees overlap, read-only and password modes hold, and the write paths
// (used by the wallet-hijack checks' fixtures) change state the documented way.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { startCgminerEmulator } from './cgminer.js';
import { startClaymoreEmulator } from './claymore.js';
import { silentServer } from './raw-servers.js';
import { startXmrigEmulator } from './xmrig.js';

const HOST = '127.0.4.80';

function exchange(port: number, payload: string, waitClose = true): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port });
    let out = '';
    s.on('data', (d) => {
      out += d.toString('latin1');
      if (!waitClose && out.includes('\n')) s.end();
    });
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.write(payload);
    setTimeout(() => s.destroy(), 1000);
  });
}

test('the connection counter sees two overlapping connections', async (t) => {
  const s = await silentServer(HOST);
  t.after(() => s.close());
  const a = net.connect({ host: HOST, port: s.port });
  const b = net.connect({ host: HOST, port: s.port });
  await Promise.all([new Promise((r) => a.once('connect', r)), new Promise((r) => b.once('connect', r))]);
  // The server side sees the connections in a later turn of the event loop than the clients: wait for it (bounded).
  for (const t0 = Date.now(); s.counter.maxConcurrent < 2 && Date.now() - t0 < 5000; ) await new Promise((r) => setTimeout(r, 5));
  assert.equal(s.counter.maxConcurrent, 2);
  a.destroy();
  b.destroy();
});

test('Claymore: read-only mode ignores writes and records them', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '15.0 - ETH' }); // default -3333
  t.after(() => emu.close());
  await exchange(emu.port, '{"id":0,"jsonrpc":"2.0","method":"miner_restart"}\n');
  assert.deepEqual(emu.stats().writeAttempts, ['miner_restart']);
  assert.equal(emu.state().readOnly, true);
});

test('Claymore: writable + no password → miner_file then miner_reboot switches pool, wallet and password', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '7.3 - ETH' }); // default 3333, writable
  t.after(() => emu.close());
  const bat = Buffer.from('EthDcrMiner64.exe -epool eth-us2.dwarfpool.com:8008 -ewal 0xd0897da92bd7d7754f4ea18f8169dbc08beb8df7 -mode 1 -mport 3333 -mpsw guvJtoCxU9').toString('hex');
  await exchange(emu.port, `{"id":0,"jsonrpc":"2.0","method":"miner_file","params":["reboot.bat","${bat}"]}\n`, false);
  await exchange(emu.port, '{"id":0,"jsonrpc":"2.0","method":"miner_reboot"}\n', false);
  const st = emu.state();
  assert.equal(st.pool, 'eth-us2.dwarfpool.com:8008');
  assert.equal(st.wallet, '0xd0897da92bd7d7754f4ea18f8169dbc08beb8df7');
  assert.equal(st.password, 'guvJtoCxU9');
  // Now locked out: getstat1 without psw gets no reply; with the attacker's psw it shows the new pool.
  assert.equal(await exchange(emu.port, '{"id":0,"jsonrpc":"2.0","method":"miner_getstat1"}\n'), '');
  const withPsw = await exchange(emu.port, '{"id":0,"jsonrpc":"2.0","method":"miner_getstat1","psw":"guvJtoCxU9"}\n', false);
  assert.match(withPsw, /eth-us2\.dwarfpool\.com:8008/);
});

test('Claymore: miner_getfile returns the file as hex; can be switched off', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, wallet: '0xB15A5332eB7cD2DD7a4Ec7f96749E769A371572d' });
  const off = await startClaymoreEmulator({ host: HOST, getfile: false });
  t.after(() => Promise.all([emu.close(), off.close()]).then(() => undefined));
  const r = JSON.parse(await exchange(emu.port, '{"id":0,"jsonrpc":"2.0","method":"miner_getfile","params":["epools.txt"]}\n', false)) as { result: [string, string] };
  assert.equal(r.result[0], 'epools.txt');
  assert.match(Buffer.from(r.result[1], 'hex').toString(), /WALLET: 0xB15A5332eB7cD2DD7a4Ec7f96749E769A371572d/);
  assert.equal(await exchange(off.port, '{"id":0,"jsonrpc":"2.0","method":"miner_getfile","params":["epools.txt"]}\n'), '');
});

test('ethminer: authorize flow, read-only refusal, wallet in getconnections', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, flavor: 'ethminer', password: 'pw', mport: -3333, wallet: '0xabc' });
  t.after(() => emu.close());
  const r = await new Promise<string[]>((resolve) => {
    const s = net.connect({ host: HOST, port: emu.port });
    const lines: string[] = [];
    let buf = '';
    const steps = [
      '{"id":1,"jsonrpc":"2.0","method":"miner_getstat1"}',
      '{"id":2,"jsonrpc":"2.0","method":"api_authorize","params":{"psw":"pw"}}',
      '{"id":3,"jsonrpc":"2.0","method":"miner_restart"}',
      '{"id":4,"jsonrpc":"2.0","method":"miner_getconnections"}',
    ];
    s.on('data', (d) => {
      buf += d.toString();
      while (buf.includes('\n')) {
        lines.push(buf.slice(0, buf.indexOf('\n')));
        buf = buf.slice(buf.indexOf('\n') + 1);
        const next = steps[lines.length];
        if (next) s.write(`${next}\n`);
        else s.end();
      }
    });
    s.on('close', () => resolve(lines));
    s.write(`${steps[0]}\n`);
  });
  assert.match(r[0] ?? '', /-403/);
  assert.match(r[1] ?? '', /"result":true/);
  assert.match(r[2] ?? '', /-32601/);
  assert.match(r[3] ?? '', /0xabc\.rig01@/);
});

test('XMRig: the documented auth matrix', async (t) => {
  const restricted = await startXmrigEmulator({ host: HOST });
  const token = await startXmrigEmulator({ host: HOST, token: 't', restricted: false, wallet: '4WALLET' });
  const unrestrictedNoToken = await startXmrigEmulator({ host: HOST, restricted: false });
  t.after(() => Promise.all([restricted.close(), token.close(), unrestrictedNoToken.close()]).then(() => undefined));
  const status = async (port: number, path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const r = await fetch(`http://${HOST}:${port}${path}`, { method, headers });
    await r.text();
    return r.status;
  };
  assert.equal(await status(restricted.port, '/1/summary'), 200);
  assert.equal(await status(restricted.port, '/1/config'), 403);
  assert.equal(await status(restricted.port, '/1/summary', { Authorization: 'Bearer x' }), 401);
  assert.equal(await status(token.port, '/1/summary'), 401);
  assert.equal(await status(token.port, '/1/summary', { Authorization: 'Bearer nope' }), 403);
  assert.equal(await status(token.port, '/1/config', { Authorization: 'Bearer t' }), 200);
  assert.equal(await status(unrestrictedNoToken.port, '/1/summary'), 401);
  assert.equal(await status(token.port, '/1/config', { Authorization: 'Bearer t', 'Content-Type': 'text/plain' }, 'PUT'), 415);
  assert.deepEqual(token.stats().writeAttempts, ['PUT /1/config']);
});

test('cgminer: privileged commands denied without W: access, applied with it', async (t) => {
  const ro = await startCgminerEmulator({ host: HOST });
  const rw = await startCgminerEmulator({ host: HOST, privileged: true });
  t.after(() => Promise.all([ro.close(), rw.close()]).then(() => undefined));
  assert.match(await exchange(ro.port, '{"command":"addpool","parameter":"stratum+tcp://evil:1,x,y"}'), /"Code":45/);
  assert.equal(ro.pools().length, 1);
  assert.match(await exchange(rw.port, 'addpool|stratum+tcp://evil:1,attacker.w,x'), /Code=55/);
  assert.match(await exchange(rw.port, '{"command":"switchpool","parameter":"1"}'), /"Code":27/);
  assert.deepEqual(rw.pools().map((p) => p.active), [false, true]);
  assert.deepEqual(rw.stats().privilegedAttempts, ['addpool', 'switchpool']);
  const joined = JSON.parse((await exchange(ro.port, '{"command":"version+pools"}')).replace(/\0$/, '')) as Record<string, unknown>;
  assert.ok(Array.isArray(joined.version) && Array.isArray(joined.pools));
});

test('SMB1 emulator: negotiate names are OEM strings as its Flags2 says (the SMB probe reads WORKGROUP / the server name), port option', async (t) => {
  const { startSmb1Emulator } = await import('./smb1-ms17-010.js');
  const { smbProbe } = await import('../../../src/probes/smb/smb.probe.js');
  const { probeContext } = await import('../probe-context.js');
  const emu = await startSmb1Emulator({ host: '127.0.7.240', serverName: 'OFFICE-PC', domain: 'KAWASAKI' });
  t.after(() => emu.close());
  const r = await smbProbe.run(probeContext('127.0.7.240', emu.port, { timeoutMs: 2000 }));
  assert.equal(r.kind, 'identified');
  if (r.kind !== 'identified') return;
  const smb1 = (r.facts.attributes as { smb1: { state: string; primaryDomain: string | null; serverName: string | null } }).smb1;
  assert.deepEqual([smb1.state, smb1.primaryDomain, smb1.serverName], ['accepted', 'KAWASAKI', 'OFFICE-PC']);
  assert.equal(r.facts.device?.hostname, 'OFFICE-PC');
  // A fixed port when asked (the plant tests bind 445 on their own alias).
  const fixed = await startSmb1Emulator({ host: '127.0.7.241', port: 4450 });
  t.after(() => fixed.close());
  assert.equal(fixed.port, 4450);
});
