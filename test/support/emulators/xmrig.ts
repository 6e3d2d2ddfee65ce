// EMULATOR (not the real miner): XMRig's HTTP API, written from shared/docs/protocols/miners.md §3
// (xmrig doc/API.md and src/base/api, src/base/net/http at b2ca7248). Running the real XMRig here would
// mean running a CPU miner, so the API's documented behaviour is reproduced instead:
// - auth: required when `restricted` is false or a token is set; no header → 401 when required;
//   a header but no token configured → 401; wrong scheme/token → 403;
// - restricted (default): non-GET → 403 and GET /1/config, /2/config → 403;
// - non-GET needs Content-Type: application/json (415); unknown methods → 405;
// - errors carry `{"status": N, "error": "<reason>"}` and the CORS headers of HttpApiResponse::end().
// Counts connections and requests (method + path) so tests can prove a probe only read.
import http from 'node:http';
import type net from 'node:net';
import { ConnectionCounter } from './raw-servers.js';

export interface XmrigEmulatorOptions {
  host: string;
  version?: string;
  /** `http.access-token`; null/undefined = none. */
  token?: string;
  /** `http.restricted` (default true). */
  restricted?: boolean;
  workerId?: string;
  pool?: string;
  /** pools[0].user: only visible through /1/config. */
  wallet?: string;
  algo?: string;
  hashrate?: number;
}

export interface XmrigStats {
  connections: number;
  maxConcurrent: number;
  requests: { method: string; path: string; status: number }[];
  /** Requests that would change the miner (PUT/POST config, json_rpc). */
  writeAttempts: string[];
}

export interface XmrigEmulator {
  host: string;
  port: number;
  stats(): XmrigStats;
  config(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startXmrigEmulator(o: XmrigEmulatorOptions): Promise<XmrigEmulator> {
  const version = o.version ?? '6.22.1';
  const restricted = o.restricted ?? true;
  const counter = new ConnectionCounter();
  const requests: XmrigStats['requests'] = [];
  const writeAttempts: string[] = [];
  let paused = false;
  let config: Record<string, unknown> = {
    api: { id: null, 'worker-id': o.workerId ?? 'rig01' },
    http: { enabled: true, host: o.host, port: 0, 'access-token': o.token ?? null, restricted },
    pools: [{ algo: null, coin: null, url: o.pool ?? 'pool.supportxmr.com:3333', user: o.wallet ?? '4' + '0'.repeat(94), pass: 'x', tls: false }],
  };
  const summary = () => {
    const pool = ((config.pools as Array<Record<string, unknown>>)[0]?.url as string) ?? '';
    const hr = o.hashrate ?? 17411.5;
    return {
      id: '92f3104f9a2ee78c',
      worker_id: o.workerId ?? 'rig01',
      uptime: 309,
      restricted,
      resources: { memory: { free: 1, total: 2, resident_set_memory: 3 }, load_average: [0, 0, 0], hardware_concurrency: 4 },
      features: ['api', 'asm', 'http', 'hwloc', 'tls'],
      results: { diff_current: 2501436, shares_good: 4, shares_total: 4, avg_time: 77, avg_time_ms: 77274, hashes_total: 10005744, best: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], error_log: [] },
      algo: o.algo ?? 'rx/0',
      connection: { pool, ip: '127.0.0.1', uptime: 309, uptime_ms: 309097, ping: 0, failures: 0, tls: null, 'tls-fingerprint': null, algo: o.algo ?? 'rx/0', diff: 2501436, accepted: 4, rejected: 0, avg_time: 77, avg_time_ms: 77274, hashes_total: 10005744, error_log: [] },
      version,
      kind: 'miner',
      ua: `XMRig/${version} (Linux x86_64) libuv/1.48.0 gcc/13.2.0`,
      cpu: { brand: 'Emulated CPU', aes: true, avx2: true, x64: true, cores: 4, threads: 4 },
      donate_level: 0,
      paused,
      algorithms: ['rx/0'],
      hashrate: { total: [hr, hr, hr], highest: hr, threads: [[hr, hr, hr]] },
      hugepages: true,
    };
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (status: number, body?: unknown) => {
      requests.push({ method, path, status });
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      const doc = status >= 400 ? { status, error: http.STATUS_CODES[status] ?? 'Error', ...(body as object) } : body;
      if (doc === undefined) return void res.writeHead(status).end();
      const text = JSON.stringify(doc, null, 4);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
    };
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
      if (body.length > 1 << 20) req.destroy();
    });
    req.on('end', () => {
      if (!['DELETE', 'GET', 'HEAD', 'POST', 'PUT'].includes(method)) return send(405);
      const authRequired = !restricted || o.token !== undefined;
      const auth = req.headers.authorization;
      if (auth === undefined) {
        if (authRequired) return send(401);
      } else {
        if (o.token === undefined) return send(401);
        if (auth !== `Bearer ${o.token}`) return send(403);
      }
      const isWrite = method !== 'GET' && method !== 'HEAD';
      if (isWrite) writeAttempts.push(`${method} ${path}`);
      if (isWrite && !/^application\/json/.test(req.headers['content-type'] ?? '')) return send(415);
      if (restricted && (isWrite || path === '/1/config' || path === '/2/config')) return send(403);
      if (method === 'GET' && ['/1/summary', '/2/summary', '/api.json'].includes(path)) return send(200, summary());
      if (method === 'GET' && path === '/2/backends') return send(200, [{ type: 'cpu', enabled: true }]);
      if (method === 'GET' && (path === '/1/config' || path === '/2/config')) return send(200, config);
      if ((method === 'PUT' || method === 'POST') && (path === '/1/config' || path === '/2/config')) {
        try {
          const next = JSON.parse(body) as unknown;
          if (typeof next !== 'object' || next === null || Array.isArray(next)) return send(400);
          config = next as Record<string, unknown>;
          return send(204);
        } catch {
          return send(400);
        }
      }
      if (method === 'POST' && path === '/json_rpc') {
        try {
          const rpc = JSON.parse(body) as { id?: unknown; method?: unknown };
          if (rpc.method === 'pause' || rpc.method === 'stop') paused = true;
          else if (rpc.method === 'resume') paused = false;
          else return send(200, { id: rpc.id ?? null, jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' } });
          return send(200, { id: rpc.id ?? null, jsonrpc: '2.0', result: 'OK' });
        } catch {
          return send(400);
        }
      }
      return send(404);
    });
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    counter.track(s);
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, o.host, () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: o.host,
    port,
    stats: () => ({ connections: counter.connections, maxConcurrent: counter.maxConcurrent, requests: [...requests], writeAttempts: [...writeAttempts] }),
    config: () => structuredClone(config),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
