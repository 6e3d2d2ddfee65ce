// Canonical forms of identifiers so that the same device written two ways is recognised as one:
// MACs as aa:bb:cc:dd:ee:ff, IPs validated (IPv6 compressed by Node), hostnames lower-case without a trailing dot.
import net from 'node:net';
import type { AssetInput, ServiceInput } from '../core/asset.js';
import type { Problem } from '../core/errors.js';

const CANONICAL_MAC = /^[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/;
// Dotted quad without leading zeros (each part still checked against 255 by net.isIP).
const CANONICAL_V4 = /^(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2})$/;

export function normalizeMac(raw: string): string | null {
  if (CANONICAL_MAC.test(raw)) return raw; // already aa:bb:cc:dd:ee:ff (most files and every scan)
  const hex = raw.trim().toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12 || /[:.-]{2,}/.test(raw)) return null;
  return hex.match(/../g)!.join(':');
}

export function normalizeIp(raw: string): string | null {
  if (CANONICAL_V4.test(raw)) return net.isIPv4(raw) ? raw : null;
  const v = raw.trim().replace(/^\[|\]$/g, '');
  const kind = net.isIP(v);
  if (kind === 4) return v.split('.').map((o) => String(Number(o))).join('.');
  if (kind === 6) return new net.SocketAddress({ address: v, family: 'ipv6' }).address;
  return null;
}

export function normalizeHostname(raw: string): string | null {
  const v = raw.trim().toLowerCase().replace(/\.$/, '');
  if (!v || v.length > 253 || /\s/.test(v)) return null;
  return v;
}

const clean = (s: string | null | undefined): string | null | undefined => {
  if (s === undefined) return undefined;
  if (s === null) return null;
  const t = s.trim();
  return t === '' ? undefined : t;
};

const uniq = (xs: string[]): string[] => (xs.length < 2 ? xs : [...new Set(xs)]);

/** A normalized input: every present field trimmed and canonical; problems listed per field. */
export interface NormalizedInput extends Omit<AssetInput, 'services'> {
  services?: (Required<Pick<ServiceInput, 'port'>> & ServiceInput & { transport: 'tcp' | 'udp' })[];
}

const TEXT_FIELDS = ['name', 'kind', 'vendor', 'model', 'serial', 'site', 'zone', 'owner', 'notes', 'externalId'] as const;

function normalizeList(input: AssetInput, field: 'ips' | 'macs' | 'hostnames', fn: (s: string) => string | null, what: string, problems: Problem[]): string[] | undefined {
  const raw = input[field];
  if (!raw) return undefined;
  if (raw.length === 1) {
    // One value (most rows): no list to grow or de-duplicate.
    const r = raw[0]!;
    if (!r.trim()) return [];
    const n = fn(r);
    if (n !== null) return [n];
    problems.push({ column: field, message: `not a valid ${what}: ${JSON.stringify(r)}` });
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    if (!r.trim()) continue;
    const n = fn(r);
    if (n === null) problems.push({ column: field, message: `not a valid ${what}: ${JSON.stringify(r)}` });
    else out.push(n);
  }
  return uniq(out);
}

export function normalizeInput(input: AssetInput): { value: NormalizedInput; problems: Problem[] } {
  const problems: Problem[] = [];
  const v: NormalizedInput = {};
  const ips = normalizeList(input, 'ips', normalizeIp, 'IP address', problems);
  const macs = normalizeList(input, 'macs', normalizeMac, 'MAC address', problems);
  const hostnames = normalizeList(input, 'hostnames', normalizeHostname, 'host name', problems);
  if (ips) v.ips = ips;
  if (macs) v.macs = macs;
  if (hostnames) v.hostnames = hostnames;
  for (let i = 0; i < TEXT_FIELDS.length; i++) {
    const f = TEXT_FIELDS[i]!;
    const c = clean(input[f]);
    if (c !== undefined) v[f] = c;
  }
  if (input.class !== undefined) v.class = input.class;
  if (input.criticality !== undefined) v.criticality = input.criticality;
  const os = software(input.os);
  if (os !== undefined) v.os = os;
  const firmware = software(input.firmware);
  if (firmware !== undefined) v.firmware = firmware;
  if (input.cpes) v.cpes = uniq(input.cpes.map((x) => x.trim()).filter(Boolean));
  if (input.tags) v.tags = uniq(input.tags.map((x) => x.trim()).filter(Boolean));
  if (input.attributes) {
    const attrs: Record<string, string> = {};
    for (const [k, val] of Object.entries(input.attributes)) if (k.trim() && val.trim()) attrs[k.trim()] = val.trim();
    if (Object.keys(attrs).length) v.attributes = attrs;
  }
  if (input.services) {
    v.services = input.services.map((s) => ({ ...s, transport: s.transport ?? 'tcp' }));
  }
  return { value: v, problems };
}

/** os/firmware: null clears, a name and/or version sets, nothing present leaves the field out. */
function software(sw: AssetInput['os']): { name: string | null; version: string | null } | null | undefined {
  if (sw === null) return null;
  if (!sw) return undefined;
  const name = clean(sw.name) ?? null;
  const version = clean(sw.version) ?? null;
  return name !== null || version !== null ? { name, version } : undefined;
}

/** Identity keys of an input, strongest first. */
export interface IdentityKeys {
  key: string | null;
  serial: string | null;
  macs: string[];
  hostnames: string[];
  ips: string[];
}

export function identityKeys(v: NormalizedInput): IdentityKeys {
  return {
    key: v.externalId ?? null,
    serial: v.serial ? v.serial.toLowerCase() : null,
    macs: v.macs ?? [],
    hostnames: v.hostnames ?? [],
    ips: v.ips ?? [],
  };
}

