// XMRig HTTP API (shared/docs/protocols/miners.md §3). Pure: builds the one GET a probe sends and
// reads the /1/summary JSON. The token, when the operator gives one, goes only in a Bearer header.

/** `GET /1/summary`: read-only, allowed even in restricted mode. */
export function encodeSummaryRequest(host: string, port: number, token?: string): Buffer {
  const lines = [
    'GET /1/summary HTTP/1.1',
    `Host: ${host.includes(':') ? `[${host}]` : host}:${port}`,
    'Accept: application/json',
    'Connection: close',
    ...(token ? [`Authorization: Bearer ${token}`] : []),
    '',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

export interface XmrigSummary {
  version: string;
  kind: string | null;
  ua: string | null;
  workerId: string | null;
  uptimeSeconds: number | null;
  restricted: boolean | null;
  algo: string | null;
  pool: string | null;
  poolTls: boolean | null;
  hashrateHs: (number | null)[];
  sharesGood: number | null;
  sharesTotal: number | null;
  paused: boolean | null;
  donateLevel: number | null;
  cpuBrand: string | null;
}

const str = (v: unknown, max = 256): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const b = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Accepts a summary only when it looks like XMRig's: a version string plus either `kind` ("miner",
 * "proxy") or a `ua` naming XMRig. Other JSON (any web app's) gives null.
 */
export function parseXmrigSummary(body: Buffer | string): XmrigSummary | null {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return null;
  }
  const o = obj(doc);
  const version = str(o.version, 64);
  const ua = str(o.ua);
  const kind = str(o.kind, 32);
  if (!version || !/^\d+\.\d+\.\d+/.test(version)) return null;
  if (!(ua && /xmrig/i.test(ua)) && !(kind && /^(miner|proxy)$/.test(kind))) return null;
  const conn = obj(o.connection);
  const results = obj(o.results);
  const hr = obj(o.hashrate);
  const total = Array.isArray(hr.total) ? hr.total.slice(0, 3).map(n) : [];
  return {
    version,
    kind,
    ua,
    workerId: str(o.worker_id),
    uptimeSeconds: n(o.uptime),
    restricted: b(o.restricted),
    algo: str(o.algo, 64),
    pool: str(conn.pool),
    poolTls: conn.tls === null ? false : typeof conn.tls === 'string' ? true : null,
    hashrateHs: total,
    sharesGood: n(results.shares_good),
    sharesTotal: n(results.shares_total),
    paused: b(o.paused),
    donateLevel: n(o.donate_level),
    cpuBrand: str(obj(o.cpu).brand),
  };
}
