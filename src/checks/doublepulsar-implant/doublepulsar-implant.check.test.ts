import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDoublePulsarEmulator } from '../../../test/support/emulators/doublepulsar.js';
import { startSmb1Emulator } from '../../../test/support/emulators/smb1-ms17-010.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import { doublepulsarImplantCheck } from './doublepulsar-implant.check.js';

const HOST = '127.0.5.12';
const run = async (port: number) => {
  const asset = assetFixture({ id: 'w7', ips: [HOST] });
  const r = await doublepulsarImplantCheck.run(makeCheckContext({ asset, service: serviceFixture({ port, service: 'smb' }), options: {}, timeoutMs: 3000 }));
  assert.ok(!Array.isArray(r));
  return r;
};

test('implant present (emulator): infected, MID 65 → 81, only the ping opcode was sent', async (t) => {
  const emu = await startDoublePulsarEmulator(HOST);
  t.after(() => emu.close());
  const r = await run(emu.port);
  assert.equal(r.verdict, 'infected');
  assert.match(JSON.stringify(r), /65 → 81/);
  assert.deepEqual(emu.doublePulsarOpcodes, [0x23], 'never exec (0xC8) or kill (0x77)');
  assert.deepEqual(emu.commands, [0x72, 0x73, 0x75, 0x32]);
});

test('clean twin (same unpatched host, no implant): not affected', async (t) => {
  const emu = await startSmb1Emulator({ host: HOST, vulnerable: true, implant: false });
  t.after(() => emu.close());
  assert.equal((await run(emu.port)).verdict, 'not-affected');
});

test('null session refused: unknown', async (t) => {
  const emu = await startDoublePulsarEmulator(HOST, { nullSession: false });
  t.after(() => emu.close());
  assert.equal((await run(emu.port)).verdict, 'unknown');
});
