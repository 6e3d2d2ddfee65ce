// "Is this advisory product the same thing as this asset component?" — before any version is compared.
// Strength 3: an identifier agrees (model/order number, SKU, serial, hash, CPE vendor+product).
// Strength 2: vendor and product name agree after normalization.
// Strength 1: a looser name agreement (a family rule over a sub-model, or no vendor on the asset side).
// When both sides carry model numbers and none agree, it is NOT the product, whatever the names say.
import { compareAttr, parseCpeCached, valueText, type Wfn } from './cpe.js';
import { normModelNumber, normVendor, productName, vendorsMatch } from './aliases.js';
import { describeSpec, inSpec, type RangeResult, type VersionSpec } from './ranges.js';
import type { Component } from './components.js';
import type { ProductRef } from '../formats/types.js';

export interface CompiledRef {
  label: string;
  part?: 'a' | 'o' | 'h';
  vendor: string;
  tokens: string[];
  family: boolean;
  models: string[];
  serials: string[];
  hashes: string[];
  cpe?: Wfn;
  versions: VersionSpec;
  versionText?: string;
}

function cpeOrUndefined(text: string): Wfn | undefined {
  try {
    return parseCpeCached(text);
  } catch {
    return undefined;
  }
}

export function compileRef(r: ProductRef): CompiledRef {
  const cpe = r.cpe ? cpeOrUndefined(r.cpe) : undefined;
  const purl = r.purl ? parsePurl(r.purl) : null;
  const vendor = normVendor(r.vendor || (cpe ? valueText(cpe.vendor) : null) || purl?.namespace);
  const nameSource = r.product || (cpe ? valueText(cpe.product)?.replace(/_/g, ' ') : null) || purl?.name || '';
  const pn = productName(nameSource, vendor);
  // NVD names Siemens devices by order number: cpe:2.3:o:siemens:6bk1602-0aa12-0tp0_firmware.
  const cpeModels = cpe ? productName(valueText(cpe.product)?.replace(/_/g, ' ')).modelNumbers : [];
  const part = r.part ?? (cpe && (cpe.part === 'a' || cpe.part === 'o' || cpe.part === 'h') ? cpe.part : undefined);
  return {
    label: [r.vendor, r.product, r.versionText ?? (r.versions.kind === 'all' ? '' : describeSpec(r.versions))].filter(Boolean).join(' ') || r.cpe || r.purl || '?',
    ...(part ? { part } : {}),
    vendor,
    tokens: pn.tokens,
    family: pn.family,
    models: [...new Set([...(r.modelNumbers ?? []).map(normModelNumber), ...(r.skus ?? []).map(normModelNumber), ...pn.modelNumbers, ...cpeModels])],
    serials: (r.serialNumbers ?? []).map((s) => s.trim()),
    hashes: (r.hashes ?? []).map((h) => h.toLowerCase()),
    ...(cpe ? { cpe } : {}),
    versions: r.versions,
    ...(r.versionText ? { versionText: r.versionText } : {}),
  };
}

function parsePurl(p: string): { namespace: string; name: string } | null {
  const m = /^pkg:[^/]+\/(?:(.+)\/)?([^@?#/]+)/.exec(p);
  return m ? { namespace: decodeURIComponent(m[1] ?? ''), name: decodeURIComponent(m[2]!) } : null;
}

export interface Identity {
  strength: 1 | 2 | 3;
  how: string;
}

const modelMatches = (pattern: string, value: string) =>
  pattern.includes('*') || pattern.includes('?')
    ? new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value)
    : pattern === value;

const partFits = (rule: 'a' | 'o' | 'h' | undefined, comp: Component['part']) => !rule || comp === '*' || rule === comp || (rule === 'a' && comp === 'o');

export function identify(r: CompiledRef, c: Component): Identity | null {
  if (r.models.length && c.modelNumbers.length) {
    const hit = r.models.find((m) => c.modelNumbers.some((v) => modelMatches(m, v)));
    return hit ? { strength: 3, how: `model number ${hit}` } : null;
  }
  if (r.serials.length && c.serial) return r.serials.includes(c.serial) ? { strength: 3, how: `serial number ${c.serial}` } : null;
  if (r.hashes.length && c.hashes.length) {
    const h = r.hashes.find((x) => c.hashes.includes(x));
    if (h) return { strength: 3, how: `file hash ${h.slice(0, 16)}…` };
  }
  if (!partFits(r.part, c.part)) return null;
  if (r.cpe && c.cpe) {
    if (!vendorsMatch(r.vendor, c.vendor)) return null;
    if (compareAttr(r.cpe.product, c.cpe.product) === 'disjoint') return null;
    if (compareAttr(r.cpe.update, c.cpe.update) === 'disjoint') return null;
    return { strength: 3, how: `CPE ${String(valueText(r.cpe.vendor))}:${String(valueText(r.cpe.product))}` };
  }
  if (!r.tokens.length || !c.tokens.length) return null;
  const vendorOk = r.vendor && c.vendor ? vendorsMatch(r.vendor, c.vendor) : false;
  if (r.vendor && c.vendor && !vendorOk) return null;
  const R = r.tokens;
  const A = c.tokens;
  let strength: 1 | 2 | 3 | 0 = 0;
  let how = '';
  if (eq(R, A)) {
    strength = 2;
    how = 'same vendor and product name';
  } else if (A.length < R.length && eq(R.slice(R.length - A.length), A) && (A.length >= 2 || /\d/.test(A[0]!))) {
    // The advisory adds brand words in front ("SIMATIC S7-1200" for an asset written "S7-1200").
    strength = 2;
    how = 'product name (advisory adds a brand prefix)';
  } else if (r.family && R.length < A.length && eq(A.slice(0, R.length), R)) {
    strength = 1;
    how = 'asset model belongs to the advisory product family';
  }
  if (!strength) return null;
  if (!vendorOk) {
    // No vendor on the asset side: only a full, specific name counts, and only weakly.
    if (!(strength === 2 && A.length >= 2)) return null;
    return { strength: 1, how: `${how}, vendor not known on the asset` };
  }
  return { strength, how };
}

const eq = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Version of the component against the rule; hardware rules are identity only (a board revision is not firmware). */
export function versionOf(r: CompiledRef, c: Component): { result: RangeResult; text: string } {
  return versionIn(r.part, r.versions, r.versionText, c);
}

const WORDS: Record<RangeResult, string> = { in: 'is in', above: 'is past (fixed side of)', out: 'is outside', unknown: 'cannot be compared with' };
/** versionOf() for a rule's part, versions and version text given apart (NVD entries share one ref per CPE name). */
export function versionIn(part: CompiledRef['part'], versions: VersionSpec, versionText: string | undefined, c: Component): { result: RangeResult; text: string } {
  if (part === 'h') return { result: 'in', text: 'hardware: identity only' };
  if (versions.kind === 'all') return { result: 'in', text: 'all versions' };
  const spec = versionText ?? describeSpec(versions);
  if (!c.version) return { result: 'unknown', text: `asset version not known; advisory range ${spec}` };
  const res = inSpec(c.version, versions);
  return { result: res, text: `${c.version} ${WORDS[res]} ${spec}` };
}
