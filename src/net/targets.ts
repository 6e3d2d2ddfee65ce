// Target specifications, nmap style: CIDR (10.0.0.0/24), last-octet ranges (10.0.0.5-20), full ranges
// (10.0.0.5-10.0.1.9), host names, single IPv6 addresses, and @file (one spec per line or separated by
// commas/spaces, '#' starts a comment). IPv4 is kept as inclusive uint32 ranges so that a /16 is not
// materialised until it is scanned and scope checks are interval arithmetic.
import { readFileSync } from 'node:fs';
import { lookup as dnsLookup } from 'node:dns/promises';
import net from 'node:net';
import { MamoriError, type Problem } from '../core/errors.js';

export interface Ipv4Range {
  start: number;
  end: number;
}

export type TargetSpec =
  | { kind: 'range'; text: string; range: Ipv4Range }
  | { kind: 'ipv6'; text: string; address: string }
  | { kind: 'name'; text: string; name: string };

export const ipToInt = (ip: string): number => {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3]);
};
export const intToIp = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const isOctet = (s: string) => OCTET.test(s);
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Parses one target spec; throws E_INPUT_INVALID naming the text (and where it came from). */
export function parseTargetSpec(raw: string, where: Omit<Problem, 'message'> = {}): TargetSpec {
  const text = raw.trim();
  const bad = (why: string): never => {
    throw new MamoriError('E_INPUT_INVALID', `invalid target "${text}": ${why}`, { location: where, problems: [{ ...where, message: `invalid target "${text}": ${why}` }] });
  };
  if (!text) bad('empty');
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const [, ip, bitsText] = cidr as unknown as [string, string, string];
    if (net.isIPv4(ip) === false) bad('not an IPv4 address');
    const bits = Number(bitsText);
    if (bits > 32) bad('prefix length above 32');
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const start = (ipToInt(ip) & mask) >>> 0;
    return { kind: 'range', text, range: { start, end: (start | (~mask >>> 0)) >>> 0 } };
  }
  const full = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (full) {
    const [, a, b] = full as unknown as [string, string, string];
    if (!net.isIPv4(a) || !net.isIPv4(b)) bad('not an IPv4 range');
    const start = ipToInt(a);
    const end = ipToInt(b);
    if (end < start) bad('range ends before it starts');
    return { kind: 'range', text, range: { start, end } };
  }
  const last = /^(\d+)\.(\d+)\.(\d+)\.(\d+)-(\d+)$/.exec(text);
  if (last) {
    const o = last.slice(1) as [string, string, string, string, string];
    if (!o.every(isOctet)) bad('octet out of range');
    const base = ipToInt(`${o[0]}.${o[1]}.${o[2]}.0`);
    const from = Number(o[3]);
    const to = Number(o[4]);
    if (to < from) bad('range ends before it starts');
    return { kind: 'range', text, range: { start: base + from, end: base + to } };
  }
  if (net.isIPv4(text)) return { kind: 'range', text, range: { start: ipToInt(text), end: ipToInt(text) } };
  if (net.isIPv6(text)) return { kind: 'ipv6', text, address: text.toLowerCase() };
  if (/^[\d.]+$/.test(text)) bad('not an IPv4 address');
  if (text.includes('/')) bad('CIDR needs an IPv4 address (IPv6 networks are not scanned)');
  if (!HOSTNAME.test(text)) bad('not an address, range, CIDR or host name');
  return { kind: 'name', text, name: text.toLowerCase().replace(/\.$/, '') };
}

export interface ParseOptions {
  readFile?: (path: string) => string;
}

/** Splits command-line words (which may hold commas) and @file references into specs. */
export function parseTargets(words: readonly string[], opts: ParseOptions = {}): TargetSpec[] {
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const out: TargetSpec[] = [];
  for (const word of words) {
    for (const piece of word.split(/[,\s]+/).filter(Boolean)) {
      if (!piece.startsWith('@')) {
        out.push(parseTargetSpec(piece));
        continue;
      }
      const file = piece.slice(1);
      let body: string;
      try {
        body = read(file);
      } catch (e) {
        throw new MamoriError('E_INPUT_INVALID', `cannot read target file ${file}: ${(e as Error).message}`, { location: { file } });
      }
      body.split(/\r?\n/).forEach((line, i) => {
        for (const item of line.replace(/#.*/, '').split(/[,\s]+/).filter(Boolean)) out.push(parseTargetSpec(item, { file, line: i + 1 }));
      });
    }
  }
  return out;
}

/** Total addresses a list of specs covers (names count one each). */
export const countAddresses = (specs: readonly TargetSpec[]): number =>
  specs.reduce((n, s) => n + (s.kind === 'range' ? s.range.end - s.range.start + 1 : 1), 0);

export const rangeContains = (r: Ipv4Range, ip: number): boolean => ip >= r.start && ip <= r.end;

/** True when `ip` (a literal) is covered by one of `specs`; names match by name or by their resolved addresses. */
export function specsCover(specs: readonly TargetSpec[], ip: string, names: readonly string[] = [], resolved: ReadonlyMap<string, readonly string[]> = new Map()): boolean {
  const v4 = net.isIPv4(ip) ? ipToInt(ip) : null;
  const v6 = net.isIPv6(ip) ? ip.toLowerCase() : null;
  return specs.some((s) => {
    if (s.kind === 'range') return v4 !== null && rangeContains(s.range, v4);
    if (s.kind === 'ipv6') return v6 === s.address;
    return names.includes(s.name) || (resolved.get(s.name) ?? []).includes(ip);
  });
}

export interface Target {
  /** Address to connect to. */
  ip: string;
  /** Host name the user gave, when the target came from one. */
  hostname?: string;
  /** The spec text this address came from (for messages). */
  spec: string;
}

export type Lookup = (name: string) => Promise<string[]>;
export const systemLookup: Lookup = async (name) => (await dnsLookup(name, { all: true, family: 4 })).map((a) => a.address);

export interface ExpandOptions {
  exclude?: readonly TargetSpec[];
  lookup?: Lookup;
  /** Refuse to materialise more addresses than this (default 1,048,576: a /12). */
  max?: number;
}

/**
 * Turns specs into concrete targets: names resolved, ranges expanded, duplicates dropped (first spec wins),
 * nmap-style --exclude applied. Order follows the specs, then address order within a range.
 */
export async function expandTargets(specs: readonly TargetSpec[], opts: ExpandOptions = {}): Promise<Target[]> {
  const max = opts.max ?? 1 << 20;
  if (countAddresses(specs) > max) {
    throw new MamoriError('E_INPUT_INVALID', `targets cover ${countAddresses(specs)} addresses, more than the limit of ${max}; split the scan`);
  }
  const lookup = opts.lookup ?? systemLookup;
  const exclude = opts.exclude ?? [];
  const excludedNames = new Set(exclude.filter((s) => s.kind === 'name').map((s) => s.name));
  const excludedResolved = new Map<string, string[]>();
  for (const s of exclude) if (s.kind === 'name') excludedResolved.set(s.name, await lookup(s.name).catch(() => []));
  const seen = new Set<string>();
  const out: Target[] = [];
  const add = (ip: string, spec: string, hostname?: string) => {
    if (seen.has(ip)) return;
    if (specsCover(exclude, ip, hostname ? [hostname] : [], excludedResolved)) return;
    seen.add(ip);
    out.push(hostname ? { ip, hostname, spec } : { ip, spec });
  };
  for (const s of specs) {
    if (s.kind === 'range') for (let n = s.range.start; n <= s.range.end; n++) add(intToIp(n), s.text);
    else if (s.kind === 'ipv6') add(s.address, s.text);
    else {
      if (excludedNames.has(s.name)) continue;
      let ips: string[];
      try {
        ips = await lookup(s.name);
      } catch (e) {
        throw new MamoriError('E_INPUT_INVALID', `cannot resolve target host name ${s.name}: ${(e as Error).message}`);
      }
      if (!ips.length) throw new MamoriError('E_INPUT_INVALID', `host name ${s.name} has no IPv4 address`);
      for (const ip of ips) add(ip, s.text, s.name);
    }
  }
  return out;
}
