import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { connectTcp, isUnreachable } from './tcp-session.js';

function server(onConn: (s: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const srv = net.createServer(onConn);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      resolve({ port, close: () => new Promise<void>((done) => srv.close(() => done())) });
    });
  });
}

test('reads a banner and keeps a transcript', async (t) => {
  const s = await server((c) => c.end('SSH-2.0-Test\r\n'));
  t.after(s.close);
  const sess = await connectTcp('127.0.0.1', s.port, { deadline: Date.now() + 1000 });
  assert.ok(!isUnreachable(sess));
  const r = await sess.read({ complete: (b) => b.includes(0x0a) });
  assert.equal(r.data.toString(), 'SSH-2.0-Test\r\n');
  assert.equal(r.end, 'complete');
  assert.equal(sess.transcript[0]?.dir, 'received');
  sess.close();
});

test('a closed port is refused', async () => {
  const s = await server(() => undefined);
  await s.close();
  const sess = await connectTcp('127.0.0.1', s.port, { deadline: Date.now() + 1000 });
  assert.deepEqual(sess, { kind: 'unreachable', reason: 'refused' });
});

test('a silent server ends the read at the timeout', async (t) => {
  const s = await server(() => undefined);
  t.after(s.close);
  const sess = await connectTcp('127.0.0.1', s.port, { deadline: Date.now() + 1000 });
  assert.ok(!isUnreachable(sess));
  const r = await sess.read({ timeoutMs: 100 });
  assert.equal(r.end, 'timeout');
  assert.equal(r.data.length, 0);
  sess.close();
});

test('an endless sender is cut at the byte cap', async (t) => {
  const chunk = Buffer.alloc(16 * 1024, 0x41);
  const s = await server((c) => {
    const pump = () => {
      while (c.writable && c.write(chunk));
      if (c.writable) c.once('drain', pump);
    };
    c.on('error', () => undefined);
    pump();
  });
  t.after(s.close);
  const sess = await connectTcp('127.0.0.1', s.port, { deadline: Date.now() + 2000, maxBytes: 100_000 });
  assert.ok(!isUnreachable(sess));
  const r = await sess.read({ complete: () => false });
  assert.ok(r.data.length <= 100_000);
  assert.ok(r.end === 'limit' || r.end === 'closed');
  sess.close();
});
