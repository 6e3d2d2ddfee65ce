// Claymore / PhoenixMiner / ethminer remote-monitoring API: newline-terminated JSON over raw TCP
// (shared/docs/protocols/miners.md §1-§2). Pure: request encoding and reply decoding, no sockets.
// Only read methods are ever encoded by probes; the write methods are listed so that emulators and
// tests can recognise (and count) them.

/** Methods that change the miner: a probe must never send these (S4). */
export const CLAYMORE_WRITE_METHODS = [
  'miner_restart', 'miner_reboot', 'control_gpu', 'miner_file',
  'miner_shuffle', 'miner_setactiveconnection', 'miner_addconnection', 'miner_removeconnection',
  'miner_setscramblerinfo', 'miner_pausegpu', 'miner_setverbosity',
] as const;

export const isClaymoreWriteMethod = (m: string): boolean => (CLAYMORE_WRITE_METHODS as readonly string[]).includes(m);

export interface ClaymoreRequest {
  id: number;
  method: string;
  params?: unknown;
  psw?: string;
}

/** One JSON object with a trailing newline (PhoenixMiner requires it; Claymore accepts it). */
export function encodeClaymoreRequest(req: ClaymoreRequest): Buffer {
  const obj: Record<string, unknown> = { id: req.id, jsonrpc: '2.0', method: req.method };
  if (req.params !== undefined) obj.params = req.params;
  if (req.psw !== undefined) obj.psw = req.psw;
  return Buffer.from(`${JSON.stringify(obj)}\n`, 'utf8');
}

export interface JsonRpcReply {
  id: unknown;
  result: unknown;
  error: { code?: number; message?: string } | null | string;
}

/**
 * Decodes the first JSON object of a reply. Returns null for anything that is not one complete
 * JSON object with a `result` or `error` member (garbage, truncation, another protocol).
 */
export function decodeJsonRpcReply(buf: Buffer): JsonRpcReply | null {
  const text = buf.toString('utf8').replace(/\0+$/, '').trim();
  if (!text.startsWith('{')) return null;
  const line = text.includes('\n') ? text.slice(0, text.indexOf('\n')).trim() : text;
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  if (!('result' in o) && !('error' in o)) return null;
  const err = o.error;
  const error =
    err === undefined || err === null
      ? null
      : typeof err === 'string'
        ? err
        : typeof err === 'object'
          ? {
              ...(typeof (err as Record<string, unknown>).code === 'number' ? { code: (err as { code: number }).code } : {}),
              ...(typeof (err as Record<string, unknown>).message === 'string' ? { message: (err as { message: string }).message } : {}),
            }
          : String(err);
  return { id: o.id, result: o.result, error };
}

/** True once `buf` holds a whole JSON line or a whole JSON object (used as a read predicate). */
export function jsonReplyComplete(buf: Buffer): boolean {
  const text = buf.toString('utf8').replace(/\0+$/, '').trim();
  if (!text) return false;
  if (!text.startsWith('{')) return true; // not JSON: stop waiting, the decoder will reject it
  if (buf.includes(0x0a)) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export type MinerFlavor = 'claymore' | 'phoenixminer' | 'ethminer';

export interface GetStat1 {
  /** Whole version field, e.g. "9.3 - ETH" or "ethminer-0.16.0.dev0+commit.41639944". */
  versionField: string;
  flavor: MinerFlavor;
  version: string;
  coin: string | null;
  uptimeMinutes: number | null;
  /** Total main-coin hashrate in kH/s (the unit the numbers really use). */
  hashrateKhs: number | null;
  sharesAccepted: number | null;
  sharesRejected: number | null;
  gpuHashratesKhs: number[];
  /** Temperature/fan pairs per GPU. */
  gpus: { temperatureC: number | null; fanPercent: number | null }[];
  pools: string[];
  dualHashrateKhs: number | null;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '' || !/^-?\d+(\.\d+)?$/.test(s.trim())) return null;
  return Number(s);
};
const list = (s: string | undefined): string[] => (s ? s.split(';').map((x) => x.trim()).filter((x) => x !== '') : []);

/** Tells the implementation from the version field (index 0 of the result). */
export function parseVersionField(v: string): { flavor: MinerFlavor; version: string; coin: string | null } | null {
  const eth = /^ethminer-(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)$/.exec(v);
  if (eth?.[1]) return { flavor: 'ethminer', version: eth[1], coin: null };
  const m = /^(\d+\.\d+)([a-z]?)\s+-\s+([A-Z0-9]{2,6})$/.exec(v);
  if (!m?.[1]) return null;
  // PhoenixMiner versions carry a letter suffix ("5.5c - ETH"); Claymore's never do.
  return { flavor: m[2] ? 'phoenixminer' : 'claymore', version: `${m[1]}${m[2] ?? ''}`, coin: m[3] ?? null };
}

/** Parses a miner_getstat1 (or getstat2) result: an array of at least 9 strings. */
export function parseGetStat1(result: unknown): GetStat1 | null {
  if (!Array.isArray(result) || result.length < 9 || result.length > 64) return null;
  if (!result.every((x) => typeof x === 'string' && x.length <= 4096)) return null;
  const r = result as string[];
  const v = parseVersionField(r[0] ?? '');
  if (!v) return null;
  const main = list(r[2]);
  const temps = list(r[6]).map(num);
  const gpus: GetStat1['gpus'] = [];
  for (let i = 0; i + 1 < temps.length; i += 2) gpus.push({ temperatureC: temps[i] ?? null, fanPercent: temps[i + 1] ?? null });
  return {
    versionField: r[0] ?? '',
    ...v,
    uptimeMinutes: num(r[1]),
    hashrateKhs: num(main[0]),
    sharesAccepted: num(main[1]),
    sharesRejected: num(main[2]),
    gpuHashratesKhs: list(r[3]).map(num).filter((x): x is number => x !== null),
    gpus,
    pools: list(r[7]),
    dualHashrateKhs: num(list(r[4])[0]),
  };
}

/**
 * Claymore's management port became read-only by default (-mport -3333) in v8.1; before that a
 * default install allowed restart and file upload to anyone (miners.md §1.2).
 */
export function claymoreWritableByDefault(version: string): boolean | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < 8 || (major === 8 && minor < 1);
}
