// Port sets, nmap style: `top` (a curated IT + OT + IoT + miner list), `all` (TCP 1-65535), or lists like
// `22,80,1000-2000,U:161,T:8080` where `U:`/`T:` switch the transport for what follows (TCP by default).
// Keywords mix with lists: `top,8443`. --exclude-ports takes the same syntax; there a bare port excludes
// it on both transports, as nmap's --exclude-ports does.
import { MamoriError } from '../core/errors.js';
import type { Transport } from '../core/vocabulary.js';

export interface PortRef {
  transport: Transport;
  port: number;
}

/** IT, OT and miner services worth a look on every host; order is irrelevant (sets are sorted). */
export const TOP_TCP: readonly number[] = [
  // IT
  21, 22, 23, 25, 53, 80, 81, 88, 110, 111, 135, 139, 143, 389, 443, 445, 465, 514, 548, 587, 631, 636, 873, 993,
  995, 1080, 1433, 1521, 1723, 2049, 2222, 3000, 3128, 3306, 3389, 5000, 5060, 5432, 5601, 5900, 5901, 5985, 5986,
  6379, 8000, 8008, 8081, 8088, 8443, 8888, 9000, 9090, 9100, 9200, 10000, 11211, 27017, 8080,
  // OT / building automation / IoT
  102, // S7comm (ISO-TSAP)
  502, // Modbus/TCP
  554, // RTSP cameras
  789, // Red Lion Crimson
  1089, 1090, 1091, // FF HSE
  1883, 8883, // MQTT
  1911, // Niagara Fox
  1962, // PCWorx
  2000, // Cisco SCCP / various HMIs
  2404, // IEC 60870-5-104
  2455, // CODESYS
  4000, // Emerson ROC
  4840, // OPC UA
  4911, // Niagara Fox TLS
  5007, // Mitsubishi MELSEC
  5094, // HART-IP
  9600, // OMRON FINS
  18245, 18246, // GE SRTP
  20000, // DNP3
  20547, // ProConOS
  34962, 34963, 34964, // PROFINET
  37777, // Dahua DVR
  44818, // EtherNet/IP
  46823, 46824, // Sielco / misc HMI
  47808, // BACnet (some devices listen on TCP too)
  // crypto-miner management APIs
  3333, // Claymore / ethminer JSON-RPC
  4028, // cgminer / bfgminer API
  4067, 4068, // T-Rex / other miners
  8181, // xmrig-proxy
  8332, 8333, // bitcoind RPC / p2p
  18081, // monerod RPC
  3334, 3335, 3336, // stratum proxies
];

export const TOP_UDP: readonly number[] = [
  69, // TFTP
  123, // NTP
  161, // SNMP
  623, // IPMI
  1900, // SSDP
  2222, // EtherNet/IP I/O
  5353, // mDNS
  20000, // DNP3
  44818, // EtherNet/IP ListIdentity
  47808, // BACnet/IP
];

const key = (p: PortRef) => (p.transport === 'tcp' ? 0 : 65536) + p.port;
export const portKey = (p: PortRef): string => `${p.port}/${p.transport}`;

function fail(spec: string, why: string): never {
  throw new MamoriError('E_INPUT_INVALID', `invalid port list "${spec}": ${why}`);
}

/** Parses a port list; `bare` decides what a port without U:/T: means. */
function parseList(spec: string, bare: readonly Transport[]): PortRef[] {
  const out: PortRef[] = [];
  let current: readonly Transport[] = bare;
  let explicit = false;
  const text = spec.trim();
  if (!text) fail(spec, 'empty');
  for (const rawItem of text.split(',')) {
    let item = rawItem.trim();
    const prefix = /^([TUtu]):/.exec(item);
    if (prefix) {
      explicit = true;
      current = prefix[1]!.toUpperCase() === 'T' ? ['tcp'] : ['udp'];
      item = item.slice(2).trim();
    }
    if (!item) fail(spec, `empty item in "${rawItem}"`);
    const lower = item.toLowerCase();
    if (lower === 'top') {
      // Before any T:/U: prefix, `top` is the whole curated set (TCP and UDP); after one, that transport's half.
      const sets = explicit ? current : (['tcp', 'udp'] as const);
      for (const t of sets) for (const port of t === 'tcp' ? TOP_TCP : TOP_UDP) out.push({ transport: t, port });
      continue;
    }
    if (lower === 'all' || lower === '-') {
      for (const t of current) for (let port = 1; port <= 65535; port++) out.push({ transport: t, port });
      continue;
    }
    const m = /^(\d*)-(\d*)$/.exec(item) ?? /^(\d+)$/.exec(item);
    if (!m) fail(spec, `"${item}" is not a port, range or keyword (top, all)`);
    const from = m[1] === '' ? 1 : Number(m[1]);
    const to = m.length === 2 ? from : m[2] === '' ? 65535 : Number(m[2]);
    if (from < 1 || to > 65535 || from > 65535) fail(spec, `port out of range 1-65535 in "${item}"`);
    if (to < from) fail(spec, `range "${item}" ends before it starts`);
    for (const t of current) for (let port = from; port <= to; port++) out.push({ transport: t, port });
  }
  return out;
}

const sortUnique = (ports: PortRef[]): PortRef[] => {
  const seen = new Set<number>();
  return ports.filter((p) => !seen.has(key(p)) && (seen.add(key(p)), true)).sort((a, b) => key(a) - key(b));
};

/** `top` | `all` | a list; the result is sorted (TCP first) and has no duplicates. */
export function parsePorts(spec: string): PortRef[] {
  return sortUnique(parseList(spec, ['tcp']));
}

/** Applies an nmap-style --exclude-ports list (bare ports exclude both transports). */
export function excludePorts(ports: readonly PortRef[], excludeSpec: string | undefined): PortRef[] {
  if (!excludeSpec) return [...ports];
  const gone = new Set(parseList(excludeSpec, ['tcp', 'udp']).map(key));
  return ports.filter((p) => !gone.has(key(p)));
}

/** Compact text for messages and dry runs: `T:21-23,80 U:161`. */
export function formatPorts(ports: readonly PortRef[]): string {
  const parts: string[] = [];
  for (const t of ['tcp', 'udp'] as const) {
    const nums = ports.filter((p) => p.transport === t).map((p) => p.port);
    if (!nums.length) continue;
    const runs: string[] = [];
    let i = 0;
    while (i < nums.length) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      runs.push(j === i ? String(nums[i]) : `${nums[i]}-${nums[j]}`);
      i = j + 1;
    }
    parts.push(`${t === 'tcp' ? 'T' : 'U'}:${runs.join(',')}`);
  }
  return parts.join(' ');
}
