// Starts a REAL Modbus/TCP server — Debian's python3-pymodbus (3.0), via pymodbus-server.py beside
// this file — on a loopback alias, in the foreground as a child process of the test, stopped by PID.
// In front of it sits a tiny counting TCP proxy, so a test can prove what a probe sent: number of
// connections, peak concurrency, and every function code (client → server frames are MBAP-decoded).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeMbap } from '../../../src/protocols/modbus/mbap.js';
import { isWriteFunctionCode } from '../../../src/protocols/modbus/function-codes.js';
import { listenTcp } from '../emulators/raw-servers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pymodbus-server.py', import.meta.url));

/** True when python3-pymodbus (and its serial deps) import cleanly. */
export function pymodbusAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import pymodbus.server, serial_asyncio'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

export interface ModbusIdentity {
  vendorName: string;
  productCode: string;
  revision: string;
  vendorUrl?: string;
  productName?: string;
  modelName?: string;
  appName?: string;
}

export interface ModbusRequestSeen {
  unitId: number;
  functionCode: number;
  /** MEI type for function 0x2B. */
  mei?: number;
}

export interface PymodbusStats {
  connections: number;
  maxConcurrent: number;
  requests: ModbusRequestSeen[];
  /** Function codes that change a device (or are unknown), as seen on the wire. */
  writeFunctionCodes: number[];
  /** Bytes from the client that were not valid MBAP (the proxy still forwards them). */
  garbage: number;
}

export interface PymodbusDaemon {
  host: string;
  /** The proxy's port: point probes here. */
  port: number;
  /** pymodbus' own port. */
  daemonPort: number;
  pid: number;
  stats(): PymodbusStats;
  stop(): Promise<void>;
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`pymodbus did not start within ${timeoutMs} ms: ${err.slice(-500)}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pymodbus exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

/** `proxyPort`: where probes connect (default 0 = any free port; 502 for plant-like scans). */
export async function startPymodbus(host: string, id: ModbusIdentity, proxyPort = 0): Promise<PymodbusDaemon> {
  const args = [
    SCRIPT, '--host', host, '--port', '0',
    '--vendor-name', id.vendorName, '--product-code', id.productCode, '--revision', id.revision,
    '--vendor-url', id.vendorUrl ?? '', '--product-name', id.productName ?? '', '--model-name', id.modelName ?? '', '--app-name', id.appName ?? '',
  ];
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let daemonPort: number;
  try {
    daemonPort = await waitForListening(child, 15_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }

  const stats: Omit<PymodbusStats, 'connections' | 'maxConcurrent'> = { requests: [], writeFunctionCodes: [], garbage: 0 };
  const proxy = await listenTcp(host, (client) => {
    const upstream = net.connect({ host, port: daemonPort });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (d) => client.write(d));
    let buf: Buffer = Buffer.alloc(0);
    client.on('data', (d: Buffer) => {
      upstream.write(d);
      buf = Buffer.concat([buf, d]).subarray(0, 64 * 1024);
      for (;;) {
        const r = decodeMbap(buf);
        if (!r.ok) {
          if (r.reason !== 'short') {
            stats.garbage += buf.length;
            buf = Buffer.alloc(0);
          }
          return;
        }
        const fc = r.frame.pdu[0] ?? 0;
        stats.requests.push({ unitId: r.frame.unitId, functionCode: fc, ...(fc === 0x2b ? { mei: r.frame.pdu[1] ?? 0 } : {}) });
        if (isWriteFunctionCode(fc)) stats.writeFunctionCodes.push(fc);
        buf = r.rest;
      }
    });
  }, proxyPort);

  return {
    host,
    port: proxy.port,
    daemonPort,
    pid: child.pid ?? -1,
    stats: () => ({ connections: proxy.counter.connections, maxConcurrent: proxy.counter.maxConcurrent, ...structuredClone(stats) }),
    stop: async () => {
      await proxy.close();
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}
