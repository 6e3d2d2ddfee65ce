// What an asset "is made of", for matching: the device itself (vendor + model, versioned by its firmware),
// its OS, named firmware, each service's product, and any CPEs the inventory holds. Each component records
// the asset field it came from, so every verdict can say which field met which advisory rule.
import { parseCpe, tryParseCpe, valueText, wfn, type Wfn } from './cpe.js';
import { lookupProduct, normModelNumber, normVendor, productName } from './aliases.js';

/** The subset of an inventory asset the matcher reads (rows or Asset objects are mapped to this). */
export interface MatchAsset {
  id: string;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  os: { name: string | null; version: string | null } | null;
  firmware: { name: string | null; version: string | null } | null;
  cpes: readonly string[];
  services: readonly { transport: string; port: number; service: string | null; product: string | null; version: string | null; extra?: Record<string, unknown> }[];
  attributes: Readonly<Record<string, string>>;
}

export interface Component {
  /** Asset field for evidence: "model", "os", "firmware", "services[tcp/445]", "cpes[0]". */
  field: string;
  /** What the asset says, for evidence: "Siemens SIMATIC S7-1200 V4.5.2". */
  display: string;
  /** '*' for the device itself: it stands for both its hardware (h) and its firmware (o). */
  part: 'a' | 'o' | 'h' | '*';
  vendor: string;
  tokens: string[];
  version: string | null;
  /** Set when the component is known by CPE (inventory CPE or alias table). */
  cpe?: Wfn;
  modelNumbers: string[];
  serial?: string;
  hashes: string[];
}

/** Product tokens exactly as rules get them (compileRef): underscores as spaces, the vendor's own words dropped. */
const tokensOf = (product: string | null | undefined, vendorKey: string) => productName(product?.replace(/_/g, ' '), vendorKey).tokens;

const MODEL_ATTR = /order|mlfb|model.?(?:no|num)|part.?(?:no|num)|article|sku|catalog/i;
const HASH_ATTR = /sha(?:256|512|1)?|md5|hash/i;

export function componentsOf(a: MatchAsset): Component[] {
  const out: Component[] = [];
  const vendor = normVendor(a.vendor);
  const attrModels = Object.entries(a.attributes)
    .filter(([k]) => MODEL_ATTR.test(k))
    .map(([, v]) => normModelNumber(v))
    .filter(Boolean);
  const hashes = Object.entries(a.attributes)
    .filter(([k]) => HASH_ATTR.test(k))
    .map(([, v]) => v.trim().toLowerCase())
    .filter(Boolean);
  const fwVersion = a.firmware?.version ?? null;
  if (a.model || attrModels.length) {
    const alias = lookupProduct(a.model);
    const pn = productName(a.model, vendor);
    const modelLooksLikeOrderNo = a.model && /^\s*\d[A-Z0-9]{2,4}\s?\d{3}-[A-Z0-9]{4,5}-[A-Z0-9]{4}\s*$/i.test(a.model);
    out.push({
      field: 'model',
      display: [a.vendor, a.model, fwVersion].filter(Boolean).join(' '),
      part: '*',
      vendor: alias?.vendor ?? vendor,
      tokens: modelLooksLikeOrderNo ? [] : alias ? tokensOf(alias.product, alias.vendor) : pn.tokens,
      version: fwVersion,
      // No CPE here on purpose: the device stands for its hardware and its firmware (hg532 and hg532_firmware).
      modelNumbers: [...new Set([...pn.modelNumbers, ...attrModels, ...(modelLooksLikeOrderNo ? [normModelNumber(a.model!)] : [])])],
      ...(a.serial ? { serial: a.serial.trim() } : {}),
      hashes,
    });
  }
  if (a.os?.name) {
    const alias = lookupProduct(a.os.name);
    const version = a.os.version ?? alias?.version ?? null;
    out.push({
      field: 'os',
      display: [a.os.name, a.os.version].filter(Boolean).join(' '),
      part: 'o',
      vendor: alias?.vendor ?? vendor,
      tokens: alias ? tokensOf(alias.product, alias.vendor) : productName(a.os.name, vendor).tokens,
      version,
      ...(alias ? { cpe: wfn('o', alias.vendor.replace(/ /g, '_'), alias.product, alias.version ?? (version ? null : '-'), alias.update) } : {}),
      modelNumbers: [],
      hashes: [],
    });
  }
  if (a.firmware?.name && a.firmware.name !== a.model) {
    const alias = lookupProduct(a.firmware.name);
    out.push({
      field: 'firmware',
      display: [a.firmware.name, a.firmware.version].filter(Boolean).join(' '),
      part: 'o',
      vendor: alias?.vendor ?? vendor,
      tokens: alias ? tokensOf(alias.product, alias.vendor) : productName(a.firmware.name, vendor).tokens,
      version: a.firmware.version ?? alias?.version ?? null,
      modelNumbers: [],
      hashes,
    });
  }
  for (const s of a.services) {
    const field = `services[${s.transport}/${s.port}]`;
    if (isSmb1(s)) out.push({ field, display: `SMBv1 on ${s.transport}/${s.port}`, part: 'a', vendor: 'microsoft', tokens: ['server', 'message', 'block'], version: '1.0', cpe: wfn('a', 'microsoft', 'server_message_block', '1.0'), modelNumbers: [], hashes: [] });
    if (!s.product) continue;
    const alias = lookupProduct(s.product);
    const version = s.version ?? alias?.version ?? null;
    out.push({
      field,
      display: [s.product, s.version].filter(Boolean).join(' '),
      part: alias?.part ?? 'a',
      vendor: alias?.vendor ?? '',
      tokens: alias ? tokensOf(alias.product, alias.vendor) : productName(s.product).tokens,
      version,
      ...(alias ? { cpe: wfn(alias.part, alias.vendor.replace(/ /g, '_'), alias.product) } : {}),
      modelNumbers: [],
      hashes: [],
    });
  }
  a.cpes.forEach((text, i) => {
    const w = tryParseCpe(text);
    if (!w || typeof w.vendor !== 'string' || typeof w.product !== 'string') return;
    const part = w.part === 'a' || w.part === 'o' || w.part === 'h' ? w.part : 'a';
    const cpeVendor = normVendor(valueText(w.vendor));
    out.push({ field: `cpes[${i}]`, display: text, part, vendor: cpeVendor, tokens: tokensOf(valueText(w.product), cpeVendor), version: valueText(w.version), cpe: w, modelNumbers: [], hashes: [] });
  });
  return out;
}

/** A service that a probe reported as SMB dialect 1 (NT LM 0.12) stands for cpe:...:microsoft:server_message_block:1.0. */
function isSmb1(s: MatchAsset['services'][number]): boolean {
  const name = (s.service ?? '').toLowerCase();
  if (!['smb', 'microsoft-ds', 'netbios-ssn', 'cifs'].includes(name)) return false;
  const extra = s.extra ?? {};
  const dialects = Array.isArray(extra.dialects) ? extra.dialects.map(String) : [];
  return extra.smb1 === true || extra.smbv1 === true || dialects.some((d) => /NT LM 0\.12|^1(\.0)?$|SMB1/i.test(d)) || /^(?:smb\s*)?1(?:\.0)?$/i.test(s.version ?? '');
}

/** Components key: assets whose components are equal are matched once ("per distinct product+version"). */
export function signatureOf(cs: readonly Component[]): string {
  return cs
    .map((c) => [c.field, c.part, c.vendor, c.tokens.join(' '), c.version ?? '', c.cpe ? `${String(valueText(c.cpe.product))}|${String(valueText(c.cpe.update))}` : '', c.modelNumbers.join(','), c.serial ?? '', c.hashes.join(',')].join('\u0001'))
    .sort()
    .join('\u0002');
}

export { parseCpe };
