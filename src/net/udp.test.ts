import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { udpRequest } from './udp.js';

test('a UDP reply from the target is returned', async (t) => {
  const srv = dgram.createSocket('udp4');
  srv.on('message', (m, r) => srv.send(Buffer.concat([Buffer.from('re:'), m]), r.port, r.address));
  await new Promise<void>((res) => srv.bind(0, '127.0.0.1', res));
  t.after(() => srv.close());
  const r = await udpRequest('127.0.0.1', srv.address().port, Buffer.from('hi'), { deadline: Date.now() + 2000 });
  assert.equal(r.end, 'reply');
  assert.equal(r.reply?.toString(), 're:hi');
  assert.deepEqual(r.transcript.map((x) => x.dir), ['sent', 'received']);
});

test('a closed UDP port answers port-unreachable: refused at once, not after the timeout', async () => {
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((res) => probe.bind(0, '127.0.0.1', res));
  const port = probe.address().port;
  probe.close();
  const r = await udpRequest('127.0.0.1', port, Buffer.from('hi'), { deadline: Date.now() + 60_000 });
  assert.equal(r.end, 'refused');
});

test('a silent UDP peer ends at the timeout', async (t) => {
  const srv = dgram.createSocket('udp4');
  await new Promise<void>((res) => srv.bind(0, '127.0.0.1', res));
  t.after(() => srv.close());
  const r = await udpRequest('127.0.0.1', srv.address().port, Buffer.from('hi'), { deadline: Date.now() + 2000, timeoutMs: 100 });
  assert.equal(r.end, 'timeout');
  assert.equal(r.reply, null);
});
