// EMULATOR (not a real miner): Claymore's Dual Ethereum miner remote-management port, with the
// PhoenixMiner and ethminer variants of the same protocol. Written from
// shared/docs/protocols/miners.md (§1.8 emulator checklist, §2 ethminer) — Claymore is closed-source
// Windows/Linux GPU software, so no real daemon can run here. Configurable for the probe and check
// tests: password set or not, read-only mode (negative port), pool/wallet, version, miner_getfile.
// Counts connections and every method received, so tests can prove a probe never sent a write.
import type net from 'node:net';
import { listenTcp, type RunningServer } from './raw-servers.js';

export type ClaymoreFlavor = 'claymore' | 'phoenixminer' | 'ethminer';

export interface ClaymoreEmulatorOptions {
  host: string;
  /** Listening port (default 0 = any free port; 3333 for rig-like scans). */
  port?: number;
  flavor?: ClaymoreFlavor;
  /** Claymore/Phoenix: the whole index-0 field ("9.3 - ETH"); ethminer: "0.18.0" (prefixed with "ethminer-"). */
  version?: string;
  /** -mport (Claymore) / --api-bind (ethminer): a negative value means read-only. Default per version. */
  mport?: number;
  /** -mpsw (Claymore), -cdmpass (Phoenix), --api-password (ethminer). */
  password?: string;
  pool?: string;
  wallet?: string;
  worker?: string;
  uptimeMinutes?: number;
  gpus?: { hashrateKhs: number; temperatureC: number; fanPercent: number }[];
  /** Fake miner folder for miner_getfile / miner_file (Claymore). */
  files?: Record<string, string>;
  /** Whether miner_getfile answers (undocumented method). Default true. */
  getfile?: boolean;
}

export interface ClaymoreStats {
  connections: number;
  maxConcurrent: number;
  /** Every method received, in order (also the unauthorised ones). */
  methods: string[];
  /** Write methods received (restart, reboot, control_gpu, miner_file, ethminer setters). */
  writeAttempts: string[];
  /** Requests refused for a missing or wrong password. */
  authFailures: number;
}

const WRITES = new Set([
  'miner_restart', 'miner_reboot', 'control_gpu', 'miner_file', 'miner_shuffle', 'miner_setactiveconnection',
  'miner_addconnection', 'miner_removeconnection', 'miner_setscramblerinfo', 'miner_pausegpu', 'miner_setverbosity',
]);

export interface ClaymoreEmulator extends RunningServer {
  stats(): ClaymoreStats;
  /** Current state (pool, wallet, password, read-only) — changes after miner_file + miner_reboot. */
  state(): { pool: string; wallet: string; password: string | undefined; readOnly: boolean; files: Record<string, string> };
}

const defaultMport = (flavor: ClaymoreFlavor, version: string): number => {
  if (flavor !== 'claymore') return -3333;
  const m = /^(\d+)\.(\d+)/.exec(version);
  const writable = m ? Number(m[1]) < 8 || (Number(m[1]) === 8 && Number(m[2]) < 1) : false;
  return writable ? 3333 : -3333; // v8.1 made -3333 (read-only) the default
};

export async function startClaymoreEmulator(o: ClaymoreEmulatorOptions): Promise<ClaymoreEmulator> {
  const flavor = o.flavor ?? 'claymore';
  const version = o.version ?? (flavor === 'ethminer' ? '0.18.0' : flavor === 'phoenixminer' ? '5.5c - ETH' : '9.3 - ETH');
  const wallet0 = o.wallet ?? '0x0000000000000000000000000000000000000000';
  const st = {
    pool: o.pool ?? 'eth-eu1.nanopool.org:9999',
    wallet: wallet0,
    password: o.password,
    readOnly: (o.mport ?? defaultMport(flavor, version)) < 0,
    files: {
      'config.txt': `-epool ${o.pool ?? 'eth-eu1.nanopool.org:9999'} -ewal ${wallet0} -epsw x\n`,
      'epools.txt': `POOL: ${o.pool ?? 'eth-eu1.nanopool.org:9999'}, WALLET: ${wallet0}, PSW: x\n`,
      'reboot.bat': `EthDcrMiner64.exe -epool ${o.pool ?? 'eth-eu1.nanopool.org:9999'} -ewal ${wallet0} -epsw x\n`,
      ...(o.files ?? {}),
    } as Record<string, string>,
  };
  const gpus = o.gpus ?? [
    { hashrateKhs: 30502, temperatureC: 53, fanPercent: 71 },
    { hashrateKhs: 30457, temperatureC: 57, fanPercent: 67 },
  ];
  const stats: Omit<ClaymoreStats, 'connections' | 'maxConcurrent'> = { methods: [], writeAttempts: [], authFailures: 0 };
  const started = Date.now();

  const versionField = flavor === 'ethminer' ? `ethminer-${version}` : version;
  const getstat1 = (): string[] => {
    const total = gpus.reduce((a, g) => a + g.hashrateKhs, 0);
    return [
      versionField,
      String(o.uptimeMinutes ?? 21 + Math.floor((Date.now() - started) / 60000)),
      `${total};51;0`,
      gpus.map((g) => g.hashrateKhs).join(';'),
      '0;0;0',
      gpus.map(() => 'off').join(';'),
      gpus.map((g) => `${g.temperatureC};${g.fanPercent}`).join(';'),
      st.pool,
      '0;0;0;0',
    ];
  };
  const getstat2 = (): string[] => [...getstat1(), ...Array.from({ length: 6 }, () => gpus.map(() => '0').join(';'))];

  /** miner_reboot "executes" reboot.bat: its -epool/-ewal/-mport/-mpsw become the new state. */
  const reboot = () => {
    const bat = st.files['reboot.bat'] ?? '';
    const arg = (name: string) => new RegExp(`-${name}\\s+(\\S+)`).exec(bat)?.[1];
    st.pool = arg('epool') ?? st.pool;
    st.wallet = arg('ewal') ?? st.wallet;
    const mport = arg('mport');
    if (mport !== undefined && /^-?\d+$/.test(mport)) st.readOnly = Number(mport) < 0;
    const psw = arg('mpsw');
    if (psw !== undefined) st.password = psw;
  };

  // Claymore style: `{"id": 0, "error": null, "result": [...]}` (spacing as in the real 9.3 capture).
  const claymoreReply = (id: unknown, result: unknown) =>
    `{"id": ${JSON.stringify(id ?? 0)}, "error": null, "result": ${JSON.stringify(result).replace(/","/g, '", "')}}\n`;
  const ethReply = (id: unknown, body: { result?: unknown; error?: { code: number; message: string } }) =>
    `${JSON.stringify({ id: id ?? null, jsonrpc: '2.0', ...body })}\n`;

  const handleClaymore = (s: net.Socket, req: Record<string, unknown>) => {
    const method = typeof req.method === 'string' ? req.method : '';
    stats.methods.push(method);
    if (WRITES.has(method)) stats.writeAttempts.push(method);
    if (st.password !== undefined && req.psw !== st.password) {
      // Undocumented on the wire; miners.md §1.8 item 3: close without a reply.
      stats.authFailures += 1;
      s.destroy();
      return;
    }
    const params = Array.isArray(req.params) ? req.params : [];
    switch (method) {
      case 'miner_getstat1':
        return void s.write(claymoreReply(req.id, getstat1()));
      case 'miner_getstat2':
        return void s.write(claymoreReply(req.id, getstat2()));
      case 'miner_getfile': {
        const name = String(params[0] ?? '');
        if (o.getfile === false || !(name in st.files)) return void s.destroy();
        return void s.write(claymoreReply(req.id, [name, Buffer.from(st.files[name] ?? '', 'latin1').toString('hex')]));
      }
      case 'miner_file':
      case 'miner_restart':
      case 'miner_reboot':
      case 'control_gpu':
        if (st.readOnly) return; // read-only mode: ignored (and recorded above)
        if (method === 'miner_file' && typeof params[0] === 'string' && typeof params[1] === 'string' && /^[0-9a-f]*$/i.test(params[1]))
          st.files[params[0]] = Buffer.from(params[1], 'hex').toString('latin1');
        if (method === 'miner_reboot') reboot();
        return void s.write(`{"id": ${JSON.stringify(req.id ?? 0)}, "result": true, "error": null}\n`);
      default:
        return void s.destroy();
    }
  };

  const handleEthminer = (s: net.Socket, conn: { authorized: boolean }, req: Record<string, unknown>) => {
    const method = typeof req.method === 'string' ? req.method : '';
    stats.methods.push(method);
    if (WRITES.has(method)) stats.writeAttempts.push(method);
    const id = req.id;
    if (id === undefined || id === null || id === '') {
      return void s.write(ethReply(null, { error: { code: -32600, message: 'Invalid Request (missing or empty id)' } }));
    }
    if (method === 'api_authorize') {
      const psw = typeof req.params === 'object' && req.params !== null ? (req.params as Record<string, unknown>).psw : undefined;
      if (st.password === undefined || psw === st.password) {
        conn.authorized = true;
        return void s.write(ethReply(id, { result: true }));
      }
      stats.authFailures += 1;
      return void s.write(ethReply(id, { error: { code: -401, message: 'Invalid password' } }));
    }
    if (st.password !== undefined && !conn.authorized) {
      stats.authFailures += 1;
      return void s.write(ethReply(id, { error: { code: -403, message: 'Authorization needed' } }));
    }
    if (WRITES.has(method) && st.readOnly) return void s.write(ethReply(id, { error: { code: -32601, message: 'Method not available' } }));
    const uri = `stratum1+tcp://${st.wallet}.${o.worker ?? 'rig01'}@${st.pool}`;
    switch (method) {
      case 'miner_ping':
        return void s.write(ethReply(id, { result: 'pong' }));
      case 'miner_getstat1':
        return void s.write(ethReply(id, { result: getstat1() }));
      case 'miner_getconnections':
        return void s.write(ethReply(id, { result: [{ active: true, index: 0, uri }] }));
      case 'miner_getstatdetail':
        return void s.write(
          ethReply(id, {
            result: {
              connection: { connected: true, switches: 1, uri },
              host: { name: o.worker ?? 'rig01', runtime: 121, version: versionField },
              mining: { hashrate: `0x${(gpus.reduce((a, g) => a + g.hashrateKhs, 0) * 1000).toString(16).padStart(16, '0')}` },
            },
          }),
        );
      case 'miner_addconnection': {
        const p = (req.params ?? {}) as Record<string, unknown>;
        if (typeof p.uri !== 'string') return void s.write(ethReply(id, { error: { code: -32602, message: 'Invalid parameters' } }));
        const m = /^[a-z0-9+]+:\/\/([^.@]+)(?:\.[^@]*)?@(.+)$/i.exec(p.uri);
        if (m?.[1] && m[2]) {
          st.wallet = m[1];
          st.pool = m[2];
        }
        return void s.write(ethReply(id, { result: true }));
      }
      default:
        if (WRITES.has(method)) return void s.write(ethReply(id, { result: true }));
        return void s.write(ethReply(id, { error: { code: -32601, message: 'Method not found' } }));
    }
  };

  const html = () =>
    `<html><body bgcolor="#000000" style="font-family: monospace;"><font color="#00ff00">ETH: GPU0 ${(gpus[0]?.hashrateKhs ?? 0) / 1000} Mh/s<br>ETH - Total Speed: ${gpus.reduce((a, g) => a + g.hashrateKhs, 0) / 1000} Mh/s</font></body></html>`;

  const server = await listenTcp(o.host, (s) => {
    const conn = { authorized: false };
    let buf = '';
    s.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      if (buf.length > 64 * 1024) return void s.destroy();
      if (/^GET /.test(buf)) {
        if (!buf.includes('\r\n\r\n')) return;
        const body = html();
        return void s.end(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      }
      for (;;) {
        let line: string;
        const nl = buf.indexOf('\n');
        if (nl >= 0) {
          line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
        } else if (flavor === 'claymore') {
          // Claymore answers requests sent without a newline too (miners.md §1.1).
          try {
            JSON.parse(buf);
          } catch {
            return;
          }
          line = buf;
          buf = '';
        } else return; // PhoenixMiner and ethminer wait for the newline
        let req: unknown;
        try {
          req = JSON.parse(line);
        } catch {
          return void s.destroy();
        }
        if (typeof req !== 'object' || req === null || Array.isArray(req)) return void s.destroy();
        if (flavor === 'ethminer') handleEthminer(s, conn, req as Record<string, unknown>);
        else handleClaymore(s, req as Record<string, unknown>);
        if (s.destroyed) return;
      }
    });
  }, o.port ?? 0);

  return {
    ...server,
    stats: () => ({ connections: server.counter.connections, maxConcurrent: server.counter.maxConcurrent, ...structuredClone(stats) }),
    state: () => structuredClone(st),
  };
}
