// Reads, read-only, what a mining rig's management API says about itself: implementation, version,
// whether it asked for a password/token, the pool(s) it mines to and, where the rig allows it, the wallet.
// Requests sent (miners.md): Claymore/Phoenix `miner_getstat1` then `miner_getfile` for config.txt,
// epools.txt, reboot.bat; ethminer `miner_getstat1` + `miner_getconnections`; XMRig `GET /1/summary` (and
// `GET /1/config` only with a configured token); cgminer `privileged` (a harmless access test) and `pools`.
// Never sent: miner_file, miner_reboot, miner_restart, control_gpu, ethminer setters, addpool/switchpool,
// PUT/POST config, json_rpc.
import type { CheckContext } from '../types.js';
import type { TranscriptEntry } from '../../net/tcp-session.js';
import { decodeJsonRpcReply, encodeClaymoreRequest, jsonReplyComplete, parseGetStat1, type MinerFlavor } from '../../protocols/miner-rpc/claymore.js';
import { encodeSummaryRequest, parseXmrigSummary } from '../../protocols/miner-rpc/xmrig.js';
import { httpResponseComplete, parseHttpResponse } from '../../protocols/miner-rpc/http-response.js';
import { cgminerReplyComplete, decodeCgminerReply, recordString } from '../../protocols/cgminer/api.js';

export type MinerKind = MinerFlavor | 'xmrig' | 'cgminer';

export interface MinerReading {
  kind: MinerKind;
  version: string | null;
  /** 'none' = answered without password/token; 'required' = refused without one; 'token' = read with the configured token. */
  auth: 'none' | 'required' | 'token';
  /** cgminer: the API granted privileged (write) access to us. */
  privileged?: boolean;
  /** XMRig summary's `restricted` flag. */
  restricted?: boolean | null;
  pools: string[];
  wallets: string[];
  /** Where the wallet was read from, e.g. 'reboot.bat', 'miner_getconnections'. */
  walletSources: string[];
  notes: string[];
}

export type MinerReadOutcome =
  | { kind: 'read'; reading: MinerReading; transcript: TranscriptEntry[] }
  | { kind: 'unreachable'; reason: string; transcript: TranscriptEntry[] }
  | { kind: 'not-a-miner'; note: string; transcript: TranscriptEntry[] };

export interface MinerReadOptions {
  /** Claymore miner_getfile of the files that hold the wallet (read-only; default true). */
  readFiles?: boolean;
  /** XMRig access token, when the owner configured one for mamori (sent only as a Bearer header). */
  xmrigToken?: string;
  stepMs?: number;
}

const WALLET_FILES = ['reboot.bat', 'config.txt', 'epools.txt'];

/** -ewal 0x… / WALLET: 0x… / -epool host:port / POOL: host:port in Claymore files and command lines. */
export function walletsAndPoolsFromText(text: string): { wallets: string[]; pools: string[] } {
  const wallets = new Set<string>();
  const pools = new Set<string>();
  for (const m of text.matchAll(/(?:-ewal|WALLET:)\s*([^\s,]+)/gi)) wallets.add(m[1]!.split('.')[0]!.split('/')[0]!);
  for (const m of text.matchAll(/(?:-epool|POOL:)\s*([^\s,]+)/gi)) pools.add(normalizePool(m[1]!));
  return { wallets: [...wallets], pools: [...pools] };
}

/** stratum+tcp://user@host:port → host:port, lower-cased. */
export function normalizePool(p: string): string {
  return p.trim().replace(/^[a-z0-9+]+:\/\//i, '').replace(/^[^@/]*@/, '').replace(/\/.*$/, '').toLowerCase();
}

/** The userinfo of a stratum URI (wallet[.worker]) → wallet. */
export const walletFromUri = (uri: string): string | null => {
  const m = /^[a-z0-9+]+:\/\/([^@/]+)@/i.exec(uri.trim());
  return m?.[1] ? (m[1].split(/[.:]/)[0] ?? null) : null;
};

async function jsonRpc(ctx: CheckContext<unknown>, body: Buffer, stepMs: number, transcript: TranscriptEntry[]) {
  const s = await ctx.net.tcp({ maxBytes: 256 * 1024 });
  if ('kind' in s) return { unreachable: s.reason } as const;
  s.write(body);
  const r = await s.read({ complete: jsonReplyComplete, timeoutMs: stepMs, maxBytes: 256 * 1024 });
  s.close();
  transcript.push(...s.transcript);
  return { reply: r.data.length ? decodeJsonRpcReply(r.data) : null, end: r.end, bytes: r.data.length } as const;
}

export async function readClaymoreFamily(ctx: CheckContext<unknown>, o: MinerReadOptions): Promise<MinerReadOutcome> {
  const step = o.stepMs ?? 2500;
  const transcript: TranscriptEntry[] = [];
  const stat = await jsonRpc(ctx, encodeClaymoreRequest({ id: 0, method: 'miner_getstat1' }), step, transcript);
  if ('unreachable' in stat) return { kind: 'unreachable', reason: stat.unreachable ?? 'unreachable', transcript };
  if (!stat.reply) {
    // Claymore closes without a word when -mpsw is set and psw is missing (miners.md §1.3, §1.8).
    if (stat.bytes === 0 && stat.end === 'closed') {
      return { kind: 'read', reading: { kind: 'claymore', version: null, auth: 'required', pools: [], wallets: [], walletSources: [], notes: ['connection closed without reply to miner_getstat1 (password set)'] }, transcript };
    }
    return { kind: 'not-a-miner', note: stat.bytes ? 'reply is not JSON-RPC' : `no reply (${stat.end})`, transcript };
  }
  const err = stat.reply.error;
  if (err && typeof err === 'object' && (err.code === -403 || err.code === -401)) {
    return { kind: 'read', reading: { kind: 'ethminer', version: null, auth: 'required', pools: [], wallets: [], walletSources: [], notes: [`ethminer API: ${err.message ?? err.code}`] }, transcript };
  }
  const g = parseGetStat1(stat.reply.result);
  if (!g) return { kind: 'not-a-miner', note: 'miner_getstat1 result is not a Claymore-shaped array', transcript };
  const reading: MinerReading = { kind: g.flavor, version: g.version, auth: 'none', pools: g.pools.map(normalizePool), wallets: [], walletSources: [], notes: [] };
  if (g.flavor === 'ethminer') {
    const c = await jsonRpc(ctx, encodeClaymoreRequest({ id: 1, method: 'miner_getconnections' }), step, transcript);
    if ('reply' in c && c.reply && Array.isArray(c.reply.result)) {
      for (const x of c.reply.result.slice(0, 16)) {
        const uri = typeof x === 'object' && x !== null ? (x as Record<string, unknown>).uri : undefined;
        if (typeof uri !== 'string') continue;
        const w = walletFromUri(uri);
        if (w) reading.wallets.push(w);
        reading.pools.push(normalizePool(uri));
      }
      if (reading.wallets.length) reading.walletSources.push('miner_getconnections');
    }
  } else if (o.readFiles !== false) {
    for (const file of WALLET_FILES) {
      const f = await jsonRpc(ctx, encodeClaymoreRequest({ id: 0, method: 'miner_getfile', params: [file] }), step, transcript);
      if (!('reply' in f) || !f.reply || !Array.isArray(f.reply.result)) continue;
      const hex = f.reply.result[1];
      if (typeof hex !== 'string' || !/^[0-9a-f]*$/i.test(hex) || hex.length > 128 * 1024) continue;
      const found = walletsAndPoolsFromText(Buffer.from(hex, 'hex').toString('latin1'));
      if (found.wallets.length) reading.walletSources.push(file);
      reading.wallets.push(...found.wallets);
      if (file === 'reboot.bat') reading.notes.push(`reboot.bat pools: ${found.pools.join(', ') || 'none'}`);
    }
  }
  reading.wallets = [...new Set(reading.wallets)];
  reading.pools = [...new Set(reading.pools)];
  return { kind: 'read', reading, transcript };
}

async function httpGet(ctx: CheckContext<unknown>, path: string, token: string | undefined, step: number, transcript: TranscriptEntry[]) {
  const s = await ctx.net.tcp({ maxBytes: 512 * 1024 });
  if ('kind' in s) return { unreachable: s.reason } as const;
  const port = ctx.service?.port ?? 80;
  const req = path === '/1/summary'
    ? encodeSummaryRequest(ctx.host, port, token)
    : Buffer.from([`GET ${path} HTTP/1.1`, `Host: ${ctx.host}:${port}`, 'Accept: application/json', 'Connection: close', ...(token ? [`Authorization: Bearer ${token}`] : []), '', ''].join('\r\n'), 'latin1');
  s.write(req);
  const r = await s.read({ complete: httpResponseComplete, timeoutMs: step, maxBytes: 512 * 1024 });
  s.close();
  // The token never reaches the evidence.
  transcript.push(...s.transcript.map((t) => ({ ...t, excerpt: token ? t.excerpt.split(token).join('***') : t.excerpt })));
  return { res: parseHttpResponse(r.data) } as const;
}

export async function readXmrig(ctx: CheckContext<unknown>, o: MinerReadOptions): Promise<MinerReadOutcome> {
  const step = o.stepMs ?? 2500;
  const transcript: TranscriptEntry[] = [];
  const r = await httpGet(ctx, '/1/summary', undefined, step, transcript);
  if ('unreachable' in r) return { kind: 'unreachable', reason: r.unreachable ?? 'unreachable', transcript };
  if (!r.res) return { kind: 'not-a-miner', note: 'not an HTTP reply', transcript };
  if (r.res.status === 401 || r.res.status === 403) {
    const reading: MinerReading = { kind: 'xmrig', version: null, auth: 'required', pools: [], wallets: [], walletSources: [], notes: [`GET /1/summary without token: HTTP ${r.res.status}`] };
    if (o.xmrigToken && (await addXmrigWithToken(ctx, o.xmrigToken, step, transcript, reading))) reading.auth = 'token';
    return { kind: 'read', reading, transcript };
  }
  const sum = r.res.status === 200 ? parseXmrigSummary(r.res.body) : null;
  if (!sum) return { kind: 'not-a-miner', note: `GET /1/summary: HTTP ${r.res.status}, not an XMRig summary`, transcript };
  const reading: MinerReading = { kind: 'xmrig', version: sum.version, auth: 'none', restricted: sum.restricted, pools: sum.pool ? [normalizePool(sum.pool)] : [], wallets: [], walletSources: [], notes: [] };
  if (o.xmrigToken) await addXmrigWithToken(ctx, o.xmrigToken, step, transcript, reading);
  return { kind: 'read', reading, transcript };
}

async function addXmrigWithToken(ctx: CheckContext<unknown>, token: string, step: number, transcript: TranscriptEntry[], reading: MinerReading): Promise<boolean> {
  const c = await httpGet(ctx, '/1/config', token, step, transcript);
  if (!('res' in c) || !c.res || c.res.status !== 200) {
    reading.notes.push(`GET /1/config with token: ${'res' in c && c.res ? `HTTP ${c.res.status}` : 'no reply'}`);
    return false;
  }
  try {
    const doc = JSON.parse(c.res.body.toString('utf8')) as { pools?: { url?: unknown; user?: unknown }[] };
    for (const p of (Array.isArray(doc.pools) ? doc.pools : []).slice(0, 16)) {
      if (typeof p.url === 'string') reading.pools.push(normalizePool(p.url));
      if (typeof p.user === 'string') reading.wallets.push(p.user.split(/[.+]/)[0]!);
    }
    if (reading.wallets.length) reading.walletSources.push('/1/config');
    reading.pools = [...new Set(reading.pools)];
    return true;
  } catch {
    reading.notes.push('GET /1/config: body is not JSON');
    return false;
  }
}

async function cgRequest(ctx: CheckContext<unknown>, command: string, step: number, transcript: TranscriptEntry[]) {
  const s = await ctx.net.tcp({ maxBytes: 256 * 1024 });
  if ('kind' in s) return { unreachable: s.reason } as const;
  s.write(Buffer.from(JSON.stringify({ command, parameter: '' }), 'latin1'));
  const r = await s.read({ complete: cgminerReplyComplete, timeoutMs: step, maxBytes: 256 * 1024 });
  s.close();
  transcript.push(...s.transcript);
  return { reply: r.data.length ? decodeCgminerReply(r.data) : null } as const;
}

export async function readCgminer(ctx: CheckContext<unknown>, o: MinerReadOptions): Promise<MinerReadOutcome> {
  const step = o.stepMs ?? 2500;
  const transcript: TranscriptEntry[] = [];
  // `privileged` changes nothing: it only answers whether this client has W: access (Code 46 OK / 45 denied).
  const p = await cgRequest(ctx, 'privileged', step, transcript);
  if ('unreachable' in p) return { kind: 'unreachable', reason: p.unreachable ?? 'unreachable', transcript };
  if (!p.reply) return { kind: 'not-a-miner', note: 'reply is not a cgminer API reply', transcript };
  const privileged = p.reply.status.code === 46 && p.reply.status.status === 'S';
  const reading: MinerReading = { kind: 'cgminer', version: p.reply.status.description || null, auth: 'none', privileged, pools: [], wallets: [], walletSources: [], notes: [`privileged: Code ${p.reply.status.code} ${p.reply.status.msg}`] };
  const pools = await cgRequest(ctx, 'pools', step, transcript);
  if ('reply' in pools && pools.reply) {
    for (const rec of (pools.reply.sections.POOLS ?? []).slice(0, 32)) {
      const url = recordString(rec, 'URL');
      const user = recordString(rec, 'User');
      if (url) reading.pools.push(normalizePool(url));
      if (user) reading.wallets.push(user.split('.')[0]!);
    }
    if (reading.wallets.length) reading.walletSources.push('pools');
  }
  reading.pools = [...new Set(reading.pools)];
  reading.wallets = [...new Set(reading.wallets)];
  return { kind: 'read', reading, transcript };
}

export const MINER_SERVICES = ['claymore-api', 'xmrig-api', 'cgminer-api'];

export function minerServiceKind(service: string | null, port: number): 'claymore' | 'xmrig' | 'cgminer' | null {
  if (service === 'claymore-api' || service === 'ethminer-api' || service === 'phoenixminer-api') return 'claymore';
  if (service === 'xmrig-api') return 'xmrig';
  if (service === 'cgminer-api') return 'cgminer';
  if (service === null && port === 3333) return 'claymore';
  if (service === null && port === 4028) return 'cgminer';
  return null;
}

export function readMiner(ctx: CheckContext<unknown>, o: MinerReadOptions): Promise<MinerReadOutcome> {
  const k = minerServiceKind(ctx.service?.service ?? null, ctx.service?.port ?? 0);
  if (k === 'xmrig') return readXmrig(ctx, o);
  if (k === 'cgminer') return readCgminer(ctx, o);
  return readClaymoreFamily(ctx, o);
}
