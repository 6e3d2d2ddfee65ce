// cgminer / bfgminer / sgminer (and ASIC firmwares built on them) RPC API on TCP 4028
// (shared/docs/protocols/miners.md §4; ckolivas/cgminer API-README). One request per connection;
// the server replies, appends a NUL byte and closes. Two encodings: JSON and the pipe-delimited
// text form (`STATUS=S,When=…,Code=22,Msg=…,Description=…|VERSION,CGMiner=4.11.1,API=3.7|`).
// Pure codec: both are decoded into one shape.

/** Commands that change the miner (need W: access). Probes never send them (S4). */
export const CGMINER_PRIVILEGED = [
  'addpool', 'switchpool', 'enablepool', 'disablepool', 'removepool', 'poolpriority', 'poolquota', 'save',
  'quit', 'restart', 'privileged', 'gpuenable', 'gpudisable', 'gpurestart', 'gpuintensity', 'gpumem', 'gpuengine',
  'gpufan', 'gpuvddc', 'pgaenable', 'pgadisable', 'pgaidentify', 'pgaset', 'ascenable', 'ascdisable',
  'ascidentify', 'ascset', 'failover-only', 'setconfig', 'zero', 'debug', 'hotplug', 'lockstats',
] as const;

/** Read-only report commands a probe may send. */
export const CGMINER_READ_COMMANDS = ['version', 'summary', 'pools', 'devs', 'edevs', 'stats', 'config', 'coin'] as const;
export type CgminerReadCommand = (typeof CGMINER_READ_COMMANDS)[number];

export function encodeCgminerRequest(command: CgminerReadCommand, format: 'json' | 'text'): Buffer {
  return Buffer.from(format === 'json' ? JSON.stringify({ command, parameter: '' }) : command, 'latin1');
}

export type CgValue = string | number | boolean | null;
export type CgRecord = Record<string, CgValue>;

export interface CgStatus {
  status: 'S' | 'I' | 'W' | 'E' | 'F';
  code: number | null;
  msg: string;
  description: string;
  when: number | null;
}

export interface CgminerReply {
  format: 'json' | 'text';
  status: CgStatus;
  /** Report sections by upper-case name: VERSION, SUMMARY, POOLS… */
  sections: Record<string, CgRecord[]>;
}

const MAX_RECORDS = 256;

function toStatus(r: CgRecord | undefined): CgStatus | null {
  if (!r) return null;
  const s = r.STATUS;
  if (typeof s !== 'string' || !/^[SIWEF]$/.test(s)) return null;
  const code = typeof r.Code === 'number' ? r.Code : typeof r.Code === 'string' && /^\d+$/.test(r.Code) ? Number(r.Code) : null;
  const when = typeof r.When === 'number' ? r.When : typeof r.When === 'string' && /^\d+$/.test(r.When) ? Number(r.When) : null;
  return {
    status: s as CgStatus['status'],
    code,
    msg: typeof r.Msg === 'string' ? r.Msg.slice(0, 256) : '',
    description: typeof r.Description === 'string' ? r.Description.slice(0, 256) : '',
    when,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function cleanRecord(v: unknown): CgRecord | null {
  if (!isRecord(v)) return null;
  const out: CgRecord = {};
  for (const [k, x] of Object.entries(v).slice(0, 256)) {
    if (typeof x === 'string') out[k] = x.slice(0, 1024);
    else if (typeof x === 'number' || typeof x === 'boolean' || x === null) out[k] = x;
  }
  return out;
}

function decodeJson(text: string): CgminerReply | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(doc) || !Array.isArray(doc.STATUS)) return null;
  const status = toStatus(cleanRecord(doc.STATUS[0]) ?? undefined);
  if (!status) return null;
  const sections: Record<string, CgRecord[]> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'STATUS' || k === 'id' || !Array.isArray(v)) continue;
    sections[k.toUpperCase()] = v.slice(0, MAX_RECORDS).map(cleanRecord).filter((r): r is CgRecord => r !== null);
  }
  return { format: 'json', status, sections };
}

/** Splits on an unescaped separator; the text form escapes `,` `|` `=` and `\` with a backslash. */
function splitEscaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += s.slice(i, i + 2); // keep the escape for the field split that follows
      i += 1;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Splits on the first unescaped `=` only (values may contain escaped ones). */
function splitPair(field: string): [string, string] | null {
  for (let i = 0; i < field.length; i += 1) {
    if (field[i] === '\\') i += 1;
    else if (field[i] === '=') return [field.slice(0, i), field.slice(i + 1)];
  }
  return null;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

function decodeText(text: string): CgminerReply | null {
  if (!text.startsWith('STATUS=')) return null;
  const parts = splitEscaped(text, '|').filter((p) => p.trim() !== '').slice(0, MAX_RECORDS);
  const records = parts.map((p) => {
    // Fields are split on unescaped commas, and keys/values unescaped after splitting.
    const fields: string[] = [];
    let cur = '';
    for (let i = 0; i < p.length; i += 1) {
      if (p[i] === '\\' && i + 1 < p.length) {
        cur += p.slice(i, i + 2);
        i += 1;
      } else if (p[i] === ',') {
        fields.push(cur);
        cur = '';
      } else cur += p[i];
    }
    fields.push(cur);
    let name: string | null = null;
    const rec: CgRecord = {};
    for (const f of fields) {
      const kv = splitPair(f);
      if (!kv) {
        name = unescape(f).trim();
        continue;
      }
      rec[unescape(kv[0]).trim()] = unescape(kv[1]);
    }
    return { name, rec };
  });
  const head = records[0];
  const status = toStatus(head?.rec);
  if (!status) return null;
  const sections: Record<string, CgRecord[]> = {};
  for (const { name, rec } of records.slice(1)) {
    // A record is named by a bare word (SUMMARY) or by its first key (POOL=0 → POOLS).
    const key = name ?? Object.keys(rec)[0] ?? 'UNKNOWN';
    const section = (name ? key : `${key}S`).toUpperCase();
    (sections[section] ??= []).push(rec);
  }
  return { format: 'text', status, sections };
}

/** Decodes a JSON or text reply; the trailing NUL is stripped. Anything else gives null. */
export function decodeCgminerReply(buf: Buffer): CgminerReply | null {
  const text = buf.toString('latin1').replace(/\0[\s\S]*$/, '').trim();
  if (text.startsWith('{')) return decodeJson(text);
  return decodeText(text);
}

/** Read predicate: the reply ends with the NUL byte cgminer appends. */
export const cgminerReplyComplete = (buf: Buffer): boolean => buf.includes(0);

export const recordString = (r: CgRecord | undefined, k: string): string | null => {
  const v = r?.[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
};
export const recordNumber = (r: CgRecord | undefined, k: string): number | null => {
  const v = r?.[k];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
};
