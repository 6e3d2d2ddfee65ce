// Name normalization and the alias table (aliases.data.json, data not code): how "Siemens SIMATIC S7-1200",
// "Windows 7 SP1" or "Samba 4.17.12" in an inventory meet "SIMATIC S7-1200 CPU family", cpe:...:windows_7:-:sp1
// or cpe:...:samba:samba:4.17.12 in an advisory. Model/order numbers (Siemens MLFB "6ES7 516-3AN02-0AB0") are
// compared without spaces, upper-cased.
import { z } from 'zod';
import data from './aliases.data.json' with { type: 'json' };

const aliasFileSchema = z.object({
  vendors: z.record(z.string(), z.string()),
  products: z.array(
    z.object({
      pattern: z.string(),
      vendor: z.string(),
      product: z.string(),
      part: z.enum(['a', 'o', 'h']),
      productWithVersion: z.string().optional(),
      fixedVersion: z.string().optional(),
    }),
  ),
});
type AliasFile = z.infer<typeof aliasFileSchema>;
const aliases: AliasFile = aliasFileSchema.parse(data);
const productPatterns = aliases.products.map((p) => ({ ...p, re: new RegExp(p.pattern, 'i') }));

const CORPORATE = new Set(['inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'gmbh', 'ag', 'llc', 'plc', 'sa', 'se', 'kk', 'bv', 'nv', 'oy', 'ab', 'spa', 'srl', 'pty', 'aktiebolag', 'kabushiki', 'kaisha', '株式会社', '有限会社']);

/** Lower case, NFKC, punctuation and underscores to spaces, corporate suffixes dropped, then the alias table. */
const vendorMemo = new Map<string, string>();
export function normVendor(s: string | null | undefined): string {
  if (!s) return '';
  let v = vendorMemo.get(s);
  if (v === undefined) {
    if (vendorMemo.size > 100_000) vendorMemo.clear();
    vendorMemo.set(s, (v = normVendorUncached(s)));
  }
  return v;
}

function normVendorUncached(s: string): string {
  const base = s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((t) => t && !CORPORATE.has(t))
    .join(' ');
  return aliases.vendors[base] ?? aliases.vendors[base.replace(/ /g, '')] ?? base;
}

/** Same vendor: equal after normalization, or one name is the other plus words ("Digi" / "Digi International"). */
export function vendorsMatch(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.startsWith(`${short} `) || long.replace(/ /g, '') === short.replace(/ /g, '');
}

/** Words that say nothing about which product it is. */
const GENERIC = new Set(['firmware', 'software', 'fw', 'sw', 'cpu', 'cpus', 'version', 'versions', 'the', 'for', 'and', 'with', 'all', 'device', 'devices', 'module', 'modules', 'product', 'products', 'family', 'series', 'variants', 'variant', 'incl', 'including', 'models', 'model', 'line', 'ファームウェア', 'シリーズ', '製品']);
/** Words that say the advisory means a whole family, so sub-models ("CPU 1214C") are included. */
const FAMILY = /\b(?:family|series|products|all models|variants|シリーズ)\b/i;
/** Order numbers look like "6ES7 516-3AN02-0AB0", "6GK5200-4AH00-2BA3", "1756-L81E". */
const ORDER_NUMBER = /\b(\d[A-Z0-9]{2,4}\s?\d{3}-[A-Z0-9]{4,5}-[A-Z0-9]{4})\b/gi;

export const normModelNumber = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export interface ProductName {
  tokens: string[];
  family: boolean;
  /** Order numbers found inside the name, normalized. */
  modelNumbers: string[];
}

const productMemo = new Map<string, ProductName>();
/** Results are shared: callers must not mutate them. */
export function productName(name: string | null | undefined, vendorKey = ''): ProductName {
  if (!name) return { tokens: [], family: false, modelNumbers: [] };
  const key = `${vendorKey}\u0001${name}`;
  let p = productMemo.get(key);
  if (p === undefined) {
    if (productMemo.size > 100_000) productMemo.clear();
    productMemo.set(key, (p = parseProductName(name, vendorKey)));
  }
  return p;
}

/** Names of lower-case ASCII words and digits (most CPE products once `_` is a space): nothing to normalize. */
const PLAIN_NAME = /^[a-z0-9 ]*$/;

/** productName() without its memo, for a caller that keeps its own (matcher: ProductKeys). */
export function parseProductName(name: string, vendorKey: string): ProductName {
  if (PLAIN_NAME.test(name)) {
    // Same result as below: NFKC, order numbers (they need '-'), brackets, case and punctuation are no-ops here.
    let tokens = name.split(' ').filter((t) => t && !GENERIC.has(t));
    const vt = vendorKey.split(' ').filter(Boolean);
    let i = 0;
    while (i < vt.length && tokens[i] === vt[i]) i++;
    if (i > 0 && i < tokens.length) tokens = tokens.slice(i);
    return { tokens, family: FAMILY.test(name), modelNumbers: [] };
  }
  let s = name.normalize('NFKC');
  const modelNumbers = [...s.matchAll(ORDER_NUMBER)].map((m) => normModelNumber(m[1]!));
  s = s.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  const family = FAMILY.test(name);
  let tokens = s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .split(' ')
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t && !GENERIC.has(t));
  // Drop the vendor's own words at the start ("Digi One SP" under vendor "Digi").
  const vt = vendorKey.split(' ').filter(Boolean);
  let i = 0;
  while (i < vt.length && tokens[i] === vt[i]) i++;
  if (i > 0 && i < tokens.length) tokens = tokens.slice(i);
  return { tokens, family, modelNumbers };
}

export interface AliasHit {
  vendor: string;
  product: string;
  part: 'a' | 'o' | 'h';
  version?: string;
  update?: string;
}

const aliasMemo = new Map<string, AliasHit | null>();
/**
 * Looks a free-text name ("Windows 7 Professional SP1", "OpenSSH_8.4p1", "Samba 4.17.12") up in the table. Results
 * are shared (callers must not mutate them): an inventory names the same products over and over, and each lookup
 * tries every pattern of the table.
 */
export function lookupProduct(name: string | null | undefined): AliasHit | null {
  if (!name) return null;
  let hit = aliasMemo.get(name);
  if (hit === undefined) {
    if (aliasMemo.size > 100_000) aliasMemo.clear();
    aliasMemo.set(name, (hit = lookupProductUncached(name)));
  }
  return hit;
}

function lookupProductUncached(name: string): AliasHit | null {
  const s = name.normalize('NFKC').trim();
  for (const p of productPatterns) {
    const m = p.re.exec(s);
    if (!m) continue;
    const version = m.groups?.version ?? p.fixedVersion;
    const update = m.groups?.update;
    const product = p.productWithVersion && m.groups?.version ? p.productWithVersion.replace('{version}', m.groups.version.toLowerCase()) : p.product;
    return { vendor: normVendor(p.vendor), product, part: p.part, ...(version ? { version: version.toLowerCase() } : {}), ...(update ? { update: update.toLowerCase() } : {}) };
  }
  return null;
}
