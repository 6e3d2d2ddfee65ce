// The bench lab's devices: one process, run inside the bench's network namespace, listening on every
// (address, port) of the plan given as JSON on argv[2]. Each accepted connection gets a short banner and
// is closed, so both scanners see the same thing: a port that completes the handshake.
import net from 'node:net';

const plan = JSON.parse(process.argv[2] ?? '[]') as [string, number][];
let up = 0;
for (const [host, port] of plan) {
  const srv = net.createServer((c) => {
    c.on('error', () => undefined);
    c.end('LAB/1.0\r\n');
  });
  srv.on('error', (e) => {
    process.stderr.write(`lab: cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
    process.exit(1);
  });
  srv.listen({ host, port, backlog: 512 }, () => {
    if (++up === plan.length) process.stdout.write('ready\n');
  });
}
if (!plan.length) process.stdout.write('ready\n');
