import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSmb1Emulator } from '../../../test/support/emulators/smb1-ms17-010.js';
import { silentServer, refusedPort, replyServer } from '../../../test/support/emulators/raw-servers.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import { ms17010Check } from './ms17-010.check.js';

const HOST = '127.0.5.11';
const run = (port: number, timeoutMs = 3000) => {
  const asset = assetFixture({ id: 'w7', ips: [HOST] });
  const service = serviceFixture({ port, service: 'smb' });
  return ms17010Check.run(makeCheckContext({ asset, service, options: {}, timeoutMs }));
};

test('MS17-010 emulator, unpatched: exploitable, with the status as evidence', async (t) => {
  const emu = await startSmb1Emulator({ host: HOST, vulnerable: true });
  t.after(() => emu.close());
  const r = await run(emu.port);
  assert.ok(!Array.isArray(r));
  assert.equal(r.verdict, 'exploitable');
  assert.match(JSON.stringify(r), /0xC0000205/);
  assert.deepEqual(emu.commands, [0x72, 0x73, 0x75, 0x25], 'negotiate, session setup, tree connect, one transaction: nothing else');
});

test('MS17-010 emulator, patched twin: not affected', async (t) => {
  const emu = await startSmb1Emulator({ host: HOST, vulnerable: false });
  t.after(() => emu.close());
  const r = await run(emu.port);
  assert.equal(!Array.isArray(r) && r.verdict, 'not-affected');
});

test('null session refused: unknown (a coverage gap, never a pass)', async (t) => {
  const emu = await startSmb1Emulator({ host: HOST, nullSession: false });
  t.after(() => emu.close());
  const r = await run(emu.port);
  assert.ok(!Array.isArray(r) && r.verdict === 'unknown');
  assert.match(r.reason, /refused/);
});

test('SMB1 refused: not affected (EternalBlue needs SMBv1)', async (t) => {
  const emu = await startSmb1Emulator({ host: HOST, smb1: false });
  t.after(() => emu.close());
  const r = await run(emu.port);
  assert.equal(!Array.isArray(r) && r.verdict, 'not-affected');
});

test('negative cases: refused, silent, garbage, truncated give unknown, never a crash', async (t) => {
  const closed = await refusedPort(HOST);
  assert.equal(((await run(closed)) as { verdict: string }).verdict, 'unknown');
  const silent = await silentServer(HOST);
  t.after(() => silent.close());
  assert.equal(((await run(silent.port, 600)) as { verdict: string }).verdict, 'unknown');
  for (const bytes of [Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), Buffer.from([0, 0, 0, 80, 0xff, 0x53, 0x4d, 0x42, 0x72])]) {
    const srv = await replyServer(HOST, bytes);
    const r = (await run(srv.port, 800)) as { verdict: string };
    await srv.close();
    assert.equal(r.verdict, 'unknown', bytes.toString('hex'));
  }
});
