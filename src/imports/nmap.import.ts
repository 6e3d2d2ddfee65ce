// nmap -oX results → AssetInput rows: live hosts with addresses (IPv4/IPv6, MAC with its vendor), host names,
// open ports with -sV service data (name, product, version, CPEs) and the best -O match.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AssetInput, ServiceInput } from '../core/asset.js';
import { MamoriError } from '../core/errors.js';

type Node = Record<string, unknown>;
const arr = <T = Node>(x: unknown): T[] => (x === undefined || x === null ? [] : Array.isArray(x) ? (x as T[]) : [x as T]);
const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : typeof x === 'number' ? String(x) : undefined);

export interface NmapResult {
  rows: { line: number; input: AssetInput }[];
  /** When the scan finished: used as the observation time so a re-import changes nothing. */
  at: string | null;
}

export function parseNmapXml(text: string, file: string): NmapResult {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new MamoriError('E_INPUT_INVALID', `${file}:${line}:${col}: not well-formed XML: ${msg}`, { location: { file, line } });
  }
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false }).parse(text) as Node;
  const run = doc.nmaprun as Node | undefined;
  if (!run) throw new MamoriError('E_INPUT_INVALID', `${file}:1: not an nmap XML file (no <nmaprun> element; produce one with nmap -oX)`, { location: { file, line: 1 } });
  const finished = str(((run.runstats as Node | undefined)?.finished as Node | undefined)?.time);
  const hostLines = lineNumbersOf(text, '<host ');
  const rows: NmapResult['rows'] = [];
  arr(run.host).forEach((h, i) => {
    const status = str((h.status as Node | undefined)?.state);
    if (status && status !== 'up') return;
    const input = hostToInput(h);
    if (input.ips?.length || input.macs?.length) rows.push({ line: hostLines[i] ?? 0, input });
  });
  return { rows, at: finished ? new Date(Number(finished) * 1000).toISOString() : null };
}

function hostToInput(h: Node): AssetInput {
  const input: AssetInput = { ips: [], macs: [], hostnames: [] };
  for (const a of arr(h.address)) {
    const addr = str(a.addr);
    if (!addr) continue;
    if (a.addrtype === 'mac') {
      input.macs!.push(addr);
      if (str(a.vendor)) input.vendor = str(a.vendor);
    } else input.ips!.push(addr);
  }
  for (const hn of arr((h.hostnames as Node | undefined)?.hostname)) {
    const n = str(hn.name);
    if (n && !input.hostnames!.includes(n.toLowerCase())) input.hostnames!.push(n.toLowerCase());
  }
  const services: ServiceInput[] = [];
  const cpes = new Set<string>();
  for (const p of arr((h.ports as Node | undefined)?.port)) {
    if (str((p.state as Node | undefined)?.state) !== 'open') continue;
    const s = (p.service ?? {}) as Node;
    const svcCpes = arr<string | Node>(s.cpe).map((c) => (typeof c === 'string' ? c : str(c['#text']))).filter((c): c is string => Boolean(c));
    svcCpes.forEach((c) => cpes.add(toCpe23(c)));
    const extra: Record<string, unknown> = {};
    for (const k of ['extrainfo', 'ostype', 'devicetype', 'tunnel', 'method', 'conf'] as const) if (str(s[k])) extra[k] = str(s[k]);
    if (svcCpes.length) extra.cpes = svcCpes.map(toCpe23);
    services.push({
      transport: p.protocol === 'udp' ? 'udp' : 'tcp', port: Number(p.portid),
      service: str(s.name) ?? null, product: str(s.product) ?? null, version: str(s.version) ?? null, extra,
    });
  }
  if (services.length) input.services = services;
  const best = arr(((h.os as Node | undefined)?.osmatch)).sort((a, b) => Number(b.accuracy) - Number(a.accuracy))[0];
  if (best) {
    const cls = arr(best.osclass)[0];
    input.os = { name: str(cls?.osfamily) ?? str(best.name) ?? null, version: str(cls?.osgen) ?? null };
    if (!input.vendor && str(cls?.vendor)) input.vendor = str(cls?.vendor);
    const type = str(cls?.type);
    if (type) input.kind = NMAP_DEVICE_TYPES[type] ?? type.replace(/\s+/g, '-');
    for (const c of arr<string | Node>(cls?.cpe)) {
      const v = typeof c === 'string' ? c : str(c['#text']);
      if (v) cpes.add(toCpe23(v));
    }
    input.attributes = { 'nmap.os': `${str(best.name)} (${str(best.accuracy)}%)` };
  }
  if (cpes.size) input.cpes = [...cpes];
  if (!input.ips!.length) delete input.ips;
  if (!input.macs!.length) delete input.macs;
  if (!input.hostnames!.length) delete input.hostnames;
  return input;
}

const NMAP_DEVICE_TYPES: Record<string, string> = {
  'general purpose': 'server', router: 'router', switch: 'switch', firewall: 'firewall', printer: 'printer', webcam: 'camera',
  'specialized': 'other', 'WAP': 'access-point', 'storage-misc': 'nas', 'media device': 'signage', 'PLC': 'plc', 'phone': 'phone',
};

/** nmap writes CPE 2.2 URIs (cpe:/a:openbsd:openssh:9.2p1); the inventory keeps 2.3 formatted strings. */
export function toCpe23(uri: string): string {
  if (uri.startsWith('cpe:2.3:')) return uri;
  const parts = uri.replace(/^cpe:\//, '').split(':');
  const fields = Array.from({ length: 11 }, (_, i) => {
    const v = parts[i];
    return v === undefined || v === '' ? '*' : decodeURIComponent(v).replace(/([^A-Za-z0-9_.\-*?])/g, '\\$1');
  });
  return `cpe:2.3:${fields.join(':')}`;
}

function lineNumbersOf(text: string, needle: string): number[] {
  const out: number[] = [];
  let line = 1;
  let from = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    for (let j = from; j < i; j++) if (text.charCodeAt(j) === 10) line++;
    from = i;
    out.push(line);
  }
  return out;
}
