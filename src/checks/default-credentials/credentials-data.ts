// Default-credential data: the Mirai list (data/mirai.json) and vendor defaults (data/vendor-defaults.json,
// plus the user's MAMORI_HOME/credentials/vendor-defaults.json), zod-validated at load. Picks, for one
// service, the few entries worth trying, in order: the device's own vendor defaults first (confirmed by
// banner/vendor), then generic ones, then Mirai's list by weight (Telnet only).
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Asset, Service } from '../../core/asset.js';
import { dataPath, loadJsonData } from '../data-file.js';

export const CREDENTIAL_PROTOCOLS = ['telnet', 'ssh', 'ftp', 'http', 'snmp', 'mqtt'] as const;
export type CredentialProtocol = (typeof CREDENTIAL_PROTOCOLS)[number];

const regex = z.string().refine((p) => {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

export const vendorEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'kebab-case'),
  vendor: z.string().min(1),
  product: z.string().min(1),
  protocols: z.array(z.enum(CREDENTIAL_PROTOCOLS)).min(1),
  identify: z.object({ banner: regex.optional(), vendor: regex.optional(), class: z.array(z.enum(['it', 'ot', 'iot', 'miner'])).optional(), kind: z.array(z.string()).optional() }).optional(),
  credentials: z.array(z.object({ username: z.string().max(128), password: z.string().max(128) })).min(1),
});
export const vendorDefaultsSchema = z.object({ $comment: z.string().optional(), entries: z.array(vendorEntrySchema) });
export type VendorDefaults = z.infer<typeof vendorDefaultsSchema>;

export const miraiSchema = z.object({
  $comment: z.string().optional(),
  source: z.literal('mirai'),
  protocols: z.array(z.enum(CREDENTIAL_PROTOCOLS)),
  entries: z.array(z.object({ id: z.string(), username: z.string(), password: z.string(), weight: z.number().int().min(0) })).min(1),
});
export type MiraiList = z.infer<typeof miraiSchema>;

let vendorCache: VendorDefaults | null = null;
let miraiCache: MiraiList | null = null;
export const builtinVendorDefaults = () => (vendorCache ??= loadJsonData(dataPath('default-credentials', 'vendor-defaults.json'), vendorDefaultsSchema));
export const builtinMirai = () => (miraiCache ??= loadJsonData(dataPath('default-credentials', 'mirai.json'), miraiSchema));

export function loadVendorDefaults(userFile?: string): VendorDefaults {
  const base = builtinVendorDefaults();
  if (!userFile || !existsSync(userFile)) return base;
  const user = loadJsonData(userFile, vendorDefaultsSchema);
  const ids = new Set(user.entries.map((e) => e.id));
  return { entries: [...user.entries, ...base.entries.filter((e) => !ids.has(e.id))] };
}

export interface Candidate {
  /** What a finding records: 'mirai-01', 'wago-pfc/1' — never the password. */
  id: string;
  username: string;
  password: string;
  /** Why it was picked: 'vendor Schneider Electric (banner)', 'generic', 'mirai weight 10'. */
  why: string;
}

export function protocolOf(s: Pick<Service, 'service' | 'port' | 'transport'>): CredentialProtocol | null {
  const name = (s.service ?? '').toLowerCase();
  if (s.transport === 'udp') return name === 'snmp' || (!name && s.port === 161) ? 'snmp' : null;
  if (name === 'telnet' || (!name && (s.port === 23 || s.port === 2323))) return 'telnet';
  if (name === 'ssh' || (!name && s.port === 22)) return 'ssh';
  if (name === 'ftp' || (!name && s.port === 21)) return 'ftp';
  if (name === 'mqtt' || (!name && s.port === 1883)) return 'mqtt';
  if (name === 'http' || (!name && (s.port === 80 || s.port === 8080))) return 'http';
  return null;
}

function identifies(e: VendorDefaults['entries'][number], asset: Asset, s: Service): string | null {
  const id = e.identify;
  if (!id) return null;
  const text = [s.product, s.version, s.banner, typeof s.extra.server === 'string' ? s.extra.server : null, typeof s.extra.realm === 'string' ? s.extra.realm : null].filter(Boolean).join(' ');
  if (id.banner && new RegExp(id.banner, 'i').test(text)) return 'banner';
  if (id.vendor && asset.vendor && new RegExp(id.vendor, 'i').test(`${asset.vendor} ${asset.model ?? ''}`)) return 'asset vendor';
  if (id.class && asset.class && id.class.includes(asset.class) && !id.banner && !id.vendor) return 'asset class';
  if (id.kind && asset.kind && id.kind.includes(asset.kind)) return 'asset kind';
  return null;
}

/** Every entry worth trying on this service, most likely first (the caller caps how many are tried). */
export function candidatesFor(asset: Asset, s: Service, vendor: VendorDefaults, mirai: MiraiList): Candidate[] {
  const proto = protocolOf(s);
  if (!proto) return [];
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push = (c: Candidate) => {
    const k = `${c.username}\u0000${c.password}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(c);
  };
  const forProto = vendor.entries.filter((e) => e.protocols.includes(proto));
  for (const e of forProto) {
    const why = identifies(e, asset, s);
    if (why) e.credentials.forEach((c, i) => push({ id: `${e.id}/${i + 1}`, ...c, why: `vendor ${e.vendor} (${why})` }));
  }
  for (const e of forProto.filter((x) => !x.identify)) e.credentials.forEach((c, i) => push({ id: `${e.id}/${i + 1}`, ...c, why: e.vendor === 'generic' ? 'generic' : e.vendor }));
  if (mirai.protocols.includes(proto)) {
    for (const m of [...mirai.entries].sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id))) push({ id: m.id, username: m.username, password: m.password, why: `mirai weight ${m.weight}` });
  }
  // Telnet on an IoT device: Mirai's list is the threat model, so it goes before the generic entries.
  if (proto === 'telnet') {
    const vendorFirst = out.filter((c) => c.why.startsWith('vendor'));
    const miraiNext = out.filter((c) => c.why.startsWith('mirai'));
    return [...vendorFirst, ...miraiNext, ...out.filter((c) => !vendorFirst.includes(c) && !miraiNext.includes(c))];
  }
  return out;
}
