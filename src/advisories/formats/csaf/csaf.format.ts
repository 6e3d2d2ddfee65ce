// CSAF 2.0 (OASIS) security advisories and VEX: product_tree (branches vendor → product_family/product_name →
// product_version | product_version_range, full_product_names, relationships for firmware-on-hardware pairs,
// product_identification_helper cpe/purl/model_numbers/skus/serial_numbers/hashes) and per-vulnerability
// product_status. Spec: CSAF 2.0 §3.1.2 (branches), §3.1.3 (helper), §3.2.3 (product tree), §3.2.4.11 (status).
// Validation against the schema and mandatory tests is separate (csaf-validate.ts) because it is async.
import { parseVersionSpec } from '../../matching/ranges.js';
import { arr, clean, CVE_RE, isObj, num, obj, ptr, str, strs, type Json } from '../json-access.js';
import type { AdvisoryVuln, AffectedRule, Cvss, FeedFormat, FeedRecord, ProductRef, ProductStatus, Remediation, RemediationCategory } from '../types.js';

const STATUS: Record<string, ProductStatus> = {
  known_affected: 'affected',
  first_affected: 'affected',
  last_affected: 'affected',
  fixed: 'fixed',
  first_fixed: 'fixed',
  recommended: 'fixed',
  known_not_affected: 'not-affected',
  under_investigation: 'under-investigation',
};

const REMEDIATION: Record<string, RemediationCategory> = {
  vendor_fix: 'vendor-fix',
  mitigation: 'mitigation',
  workaround: 'workaround',
  none_available: 'none-available',
  no_fix_planned: 'no-fix-planned',
};

export const csafFormat: FeedFormat = {
  id: 'csaf-2.0',
  title: 'CSAF 2.0 advisory / VEX',
  syntax: 'json',
  sniff(doc) {
    const d = obj(obj(doc)?.document);
    // CSAF 2.0 only: JVN's CSAF-based API 4.0 profile (csaf_version 2.1, jvn_extension) is jvn-csaf.
    return !!d && d.csaf_version === '2.0' && isObj(d.tracking) && !('jvn_extension' in (obj(doc) ?? {}));
  },
  *parse(doc): Iterable<FeedRecord> {
    const root = obj(doc);
    const d = obj(root?.document);
    const tracking = obj(d?.tracking);
    const id = clean(str(tracking?.id));
    if (!root || !d || !tracking || !id) {
      yield { kind: 'issue', pointer: '/document/tracking/id', message: 'not a CSAF document: document.tracking.id is missing', level: 'error' };
      return;
    }
    const issues: FeedRecord[] = [];
    const products = readProductTree(obj(root.product_tree), issues);
    const vulnerabilities: AdvisoryVuln[] = [];
    arr(root.vulnerabilities).forEach((v, i) => {
      if (!isObj(v)) {
        issues.push({ kind: 'issue', pointer: ptr('vulnerabilities', i), message: 'vulnerability is not an object', level: 'warning' });
        return;
      }
      vulnerabilities.push(readVulnerability(v, i, products, issues));
    });
    const notes = arr(d.notes).filter(isObj);
    const summary = notes.find((n) => n.category === 'summary') ?? notes.find((n) => n.category === 'description');
    const history = arr(tracking.revision_history).filter(isObj);
    yield* issues;
    yield {
      kind: 'advisory',
      advisory: {
        source: { format: 'csaf-2.0', id, url: arr(d.references).filter(isObj).find((r) => r.category === 'self')?.url as string | undefined },
        revision: str(tracking.version) ?? (history.length ? str(history[history.length - 1]!.number) ?? null : null),
        title: clean(str(d.title)) || id,
        summary: clean(str(summary?.text)) || undefined,
        lang: str(d.lang),
        publishedAt: str(tracking.initial_release_date),
        updatedAt: str(tracking.current_release_date),
        aliases: [...new Set(vulnerabilities.map((v) => v.cve).filter((c): c is string => !!c))].sort(),
        vulnerabilities,
        references: arr(d.references).filter(isObj).map((r) => str(r.url)).filter((u): u is string => !!u),
        raw: doc,
      },
    };
  },
};

interface TreeProduct extends ProductRef {
  id: string;
  name: string;
  platform?: ProductRef;
}

function readProductTree(tree: Json | undefined, issues: FeedRecord[]): Map<string, TreeProduct> {
  const out = new Map<string, TreeProduct>();
  if (!tree) return out;
  const walk = (branches: unknown, path: Json[], at: string) => {
    arr(branches).forEach((b, i) => {
      const here = `${at}/branches/${i}`;
      if (!isObj(b)) return issues.push({ kind: 'issue', pointer: here, message: 'branch is not an object', level: 'warning' });
      const next = [...path, b];
      if (isObj(b.product)) addLeaf(b.product, next, `${here}/product`);
      walk(b.branches, next, here);
    });
  };
  const addLeaf = (p: Json, path: Json[], at: string) => {
    const id = str(p.product_id);
    if (!id) return issues.push({ kind: 'issue', pointer: at, message: 'product without product_id', level: 'warning' });
    const pick = (...cats: string[]) => clean(str([...path].reverse().find((b) => cats.includes(str(b.category) ?? ''))?.name));
    const vendor = pick('vendor');
    const productName = pick('product_name') || pick('product_family') || clean(str(p.name));
    const family = pick('product_family');
    const exact = pick('product_version');
    const range = pick('product_version_range');
    const versionText = exact || range || undefined;
    out.set(id, {
      id,
      name: clean(str(p.name)),
      vendor,
      product: family && productName !== family && !productName.toLowerCase().includes(family.toLowerCase()) ? `${family} ${productName}` : productName,
      versions: exact ? parseVersionSpec(exact.replace(/^(?:=|==)\s*/, '')) : parseVersionSpec(range || null),
      ...(versionText ? { versionText } : {}),
      ...helper(obj(p.product_identification_helper)),
    });
  };
  walk(tree.branches, [], '/product_tree');
  arr(tree.full_product_names).forEach((p, i) => {
    if (isObj(p)) addLeaf(p, [], `/product_tree/full_product_names/${i}`);
  });
  // Relationships build a product out of two: "firmware X installed_on / default_component_of hardware Y".
  arr(tree.relationships).forEach((r, i) => {
    if (!isObj(r)) return;
    const fpn = obj(r.full_product_name);
    const id = str(fpn?.product_id);
    const comp = out.get(str(r.product_reference) ?? '');
    const plat = out.get(str(r.relates_to_product_reference) ?? '');
    if (!id || !comp || !plat) {
      issues.push({ kind: 'issue', pointer: `/product_tree/relationships/${i}`, message: 'relationship refers to an unknown product id', level: 'warning' });
      return;
    }
    const { id: _a, name: _b, platform: _c, ...platform } = plat;
    out.set(id, { ...comp, id, name: clean(str(fpn?.name)) || comp.name, platform });
  });
  return out;
}

function helper(h: Json | undefined): Partial<ProductRef> {
  if (!h) return {};
  const out: Partial<ProductRef> = {};
  const cpe = str(h.cpe);
  if (cpe) out.cpe = cpe;
  const purl = str(h.purl);
  if (purl) out.purl = purl;
  const models = strs(h.model_numbers);
  if (models.length) out.modelNumbers = models;
  const skus = strs(h.skus);
  if (skus.length) out.skus = skus;
  const serials = strs(h.serial_numbers);
  if (serials.length) out.serialNumbers = serials;
  const hashes = arr(h.hashes)
    .filter(isObj)
    .flatMap((x) => arr(x.file_hashes).filter(isObj).map((fh) => str(fh.value)?.toLowerCase()))
    .filter((x): x is string => !!x);
  if (hashes.length) out.hashes = hashes;
  return out;
}

function readVulnerability(v: Json, i: number, products: Map<string, TreeProduct>, issues: FeedRecord[]): AdvisoryVuln {
  const cve = str(v.cve);
  if (cve !== undefined && !CVE_RE.test(cve)) issues.push({ kind: 'issue', pointer: ptr('vulnerabilities', i, 'cve'), message: `malformed CVE id ${cve}`, level: 'warning' });
  const rules: AffectedRule[] = [];
  const status = obj(v.product_status) ?? {};
  for (const [key, ids] of Object.entries(status)) {
    const st = STATUS[key];
    if (!st) continue;
    strs(ids).forEach((pid, j) => {
      const p = products.get(pid);
      if (!p) {
        issues.push({ kind: 'issue', pointer: ptr('vulnerabilities', i, 'product_status', key, j), message: `unknown product id ${pid}`, level: 'warning' });
        return;
      }
      const { id, name: _n, ...ref } = p;
      rules.push({ ...ref, status: st, ref: id });
    });
  }
  const cvss: Cvss[] = [];
  for (const s of arr(v.scores).filter(isObj)) {
    for (const key of ['cvss_v3', 'cvss_v2', 'cvss_v4'] as const) {
      const c = obj(s[key]);
      const vector = str(c?.vectorString);
      const score = num(c?.baseScore);
      const version = str(c?.version);
      if (vector && score !== undefined && (version === '2.0' || version === '3.0' || version === '3.1' || version === '4.0')) cvss.push({ version, vector, baseScore: score });
    }
  }
  const remediations: Remediation[] = arr(v.remediations)
    .filter(isObj)
    .map((r) => ({ category: REMEDIATION[str(r.category) ?? ''] ?? 'mitigation', text: clean(str(r.details)), ...(str(r.url) ? { url: str(r.url)! } : {}) }));
  const cwe = str(obj(v.cwe)?.id);
  return { cve: cve && CVE_RE.test(cve) ? cve : null, title: clean(str(v.title)) || undefined, cwes: cwe ? [cwe] : [], cvss: dedupeCvss(cvss), rules, remediations };
}

export function dedupeCvss(list: Cvss[]): Cvss[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.vector) ? false : (seen.add(c.vector), true)));
}
