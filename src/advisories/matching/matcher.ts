// Inventory × advisories → one verdict per (asset, advisory, CVE): affected | fixed | not-affected | unknown,
// with a confidence and the evidence (advisory rule ↔ asset field ↔ version comparison).
// CSAF/JVN rules: product_status semantics — an `affected` range the asset's version is past means `fixed`;
// outside it (below a lower bound) means `not-affected`; a version we cannot read means `unknown`, never
// `affected`. NVD configurations: AND/OR trees evaluated in four values (true, false, unknown, absent), so a
// listed platform seen on the asset with the vulnerable component unseen gives `unknown` (running-on).
// Work is per distinct component signature, not per asset: assets that look the same are matched once.
import type { AdvisoryVerdict, Confidence } from '../../core/vocabulary.js';
import type { AffectedRule, ConfigNode, NormalizedAdvisory } from '../formats/types.js';
import { componentsOf, signatureOf, type Component, type MatchAsset } from './components.js';
import { compileRef, identify, versionIn, versionOf, type CompiledRef, type Identity } from './identity.js';
import { ANY, CPE_ATTRS, NA, parseCpeCached, valueText, type Wfn } from './cpe.js';
import { parseVersionSpec, specFromBounds, type VersionSpec } from './ranges.js';
import { normVendor, parseProductName, productName } from './aliases.js';
import { KEYS_AT, PLAIN, VULNERABLE, type CompactEntry, type CompactNode } from '../formats/nvd/nvd-compact.js';

export interface Evidence {
  rule: string;
  status: string;
  field: string;
  assetValue: string;
  identity: string;
  version: string;
}

export interface VulnVerdict {
  advisoryId: string;
  cve: string | null;
  verdict: AdvisoryVerdict;
  confidence: Confidence;
  reasons: string[];
  evidence: Evidence[];
}

interface CompiledRule {
  rule: AffectedRule;
  ref: CompiledRef;
  platform?: CompiledRef;
}
interface CompiledEntry {
  /** The CPE name compiled (versions: all), shared by every entry naming it; the entry's own range is `versions`. */
  ref: CompiledRef;
  versions: VersionSpec;
  /** Hashed store keys of the name (refKeys(ref)): index keys do not depend on versions. */
  keys: number[];
  vulnerable: boolean;
  criteria: string;
  /**
   * Names a product no component of the inventory the index was built for can be (see AdvisoryIndex): never
   * identified, so not compiled; it still counts in its node, and as a platform that is demonstrably absent.
   */
  inert: boolean;
}
interface CompiledNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  entries: CompiledEntry[];
  children: CompiledNode[];
}
/** What the index keeps of a vulnerability: compiled rules only (NVD: the configurations, not the flat rules). */
interface VulnEntry {
  /** Scratch mark for candidate de-duplication (cheaper than a Set per lookup). */
  seen: number;
  /** Scratch: which components of the group looked up (bit i: the group's component i) reached it. */
  reached: number;
  /**
   * Verdicts already given by one matchGroups() (its component numbers: `ids`), by the components that reached
   * the entry and the group's flags.
   */
  given: { ids: ComponentIds; verdicts: Map<string, VulnVerdict | null> } | null;
  advisoryId: string;
  cve: string | null;
  rules: CompiledRule[];
  configs: CompiledNode[] | null;
}

const firstToken = (s: string) => s.split(' ')[0] ?? '';

/** Hashed store keys of a rule's product (refStoreKeys, hashed: hashedStoreKeys). */
const refKeys = (r: Pick<CompiledRef, 'models' | 'vendor' | 'tokens'>): number[] => hashedStoreKeys(r.vendor, r.tokens, r.models);
const componentKeyMemo = new WeakMap<Component, number[]>();
/** Hashed store keys of a component (componentStoreKeys), once per component object. */
export function componentKeys(c: Component): number[] {
  let keys = componentKeyMemo.get(c);
  if (!keys) componentKeyMemo.set(c, (keys = [...new Set(componentStoreKeys(c).map(keyHash))]));
  return keys;
}

/**
 * Advisories compiled for matching, indexed by the hashed store keys of the products they name (refStoreKeys):
 * the keys the store's postings use too. A candidate of a component shares a key with it; every pair identify()
 * can accept does (refStoreKeys), and identify() and the version ranges decide (tested against evaluating every
 * advisory for every group).
 */
export class AdvisoryIndex {
  /**
   * `inventory`: the hashed store keys (componentStoreKeys) of every component this index will be matched
   * against, when known (a full match). A stored NVD entry sharing none of them names a product none of those
   * components can be (every pair identify() accepts shares a store key: refStoreKeys), so it is kept inert
   * rather than compiled: most entries of the candidate advisories name another product of the same vendor.
   */
  constructor(private readonly inventory?: ReadonlySet<number>) {}

  /** key → entries (an entry once per key: entries are added one after another, so a repeat is the last one). */
  private readonly byKey = new Map<number, VulnEntry[]>();
  private readonly byAdvisory = new Map<string, VulnEntry[]>();

  get size(): number {
    return this.byAdvisory.size;
  }

  add(advisoryId: string, adv: Pick<NormalizedAdvisory, 'vulnerabilities'>): void {
    const entries: VulnEntry[] = [];
    for (const vuln of adv.vulnerabilities) {
      const configs = vuln.configurations?.length ? vuln.configurations.map(compileNode) : null;
      const rules = configs ? [] : vuln.rules.map((rule) => ({ rule, ref: compileRef(rule), ...(rule.platform ? { platform: compileRef(rule.platform) } : {}) }));
      entries.push({ seen: 0, reached: 0, given: null, advisoryId, cve: vuln.cve, rules, configs });
    }
    this.put(advisoryId, entries);
  }

  /**
   * A record of a streamed NVD feed as the store keeps it (its configurations in the compact form), compiled
   * straight from them: the same entry as add() of the normalized record (nvdStoredVulns), without building the
   * normalized trees first (what loading the candidates of a full match costs most).
   */
  addNvdRecord(advisoryId: string, cve: string, configurations: readonly CompactNode[]): void {
    const configs = compileCompact(configurations, this.inventory);
    this.put(advisoryId, [{ seen: 0, reached: 0, given: null, advisoryId, cve, rules: [], configs: configs.length ? configs : null }]);
  }

  private put(advisoryId: string, entries: VulnEntry[]): void {
    this.remove(advisoryId);
    for (const entry of entries) {
      if (entry.configs) for (const n of entry.configs) this.indexNode(n, entry);
      else for (const r of entry.rules) for (const k of refKeys(r.ref)) this.indexKey(k, entry);
    }
    this.byAdvisory.set(advisoryId, entries);
  }

  private indexNode(n: CompiledNode, entry: VulnEntry): void {
    for (const e of n.entries) for (const k of e.keys) this.indexKey(k, entry);
    for (const c of n.children) this.indexNode(c, entry);
  }

  private indexKey(k: number, entry: VulnEntry): void {
    const list = this.byKey.get(k);
    if (!list) this.byKey.set(k, [entry]);
    else if (list[list.length - 1] !== entry) list.push(entry);
  }

  remove(advisoryId: string): void {
    const old = this.byAdvisory.get(advisoryId);
    if (!old) return;
    const gone = new Set(old);
    for (const [k, list] of this.byKey) {
      if (!list.some((e) => gone.has(e))) continue;
      const kept = list.filter((e) => !gone.has(e));
      if (kept.length) this.byKey.set(k, kept);
      else this.byKey.delete(k);
    }
    this.byAdvisory.delete(advisoryId);
  }

  private generation = 0;

  /** Vulnerabilities that could concern these components (each with `reached` set: which of them reached it). */
  candidates(components: readonly Component[]): VulnEntry[] {
    const gen = ++this.generation;
    const out: VulnEntry[] = [];
    for (let i = 0; i < components.length; i++) {
      const bit = i < 31 ? 1 << i : 0;
      for (const k of componentKeys(components[i]!)) {
        const list = this.byKey.get(k);
        if (!list) continue;
        for (const e of list) {
          if (e.seen !== gen) {
            e.seen = gen;
            e.reached = 0;
            out.push(e);
          }
          e.reached |= bit;
        }
      }
    }
    return out;
  }

  entriesOf(advisoryId: string): readonly VulnEntry[] {
    return this.byAdvisory.get(advisoryId) ?? [];
  }

  keysOf(advisoryId: string): Set<number> {
    const keys = new Set<number>();
    for (const e of this.entriesOf(advisoryId)) {
      if (e.configs) for (const n of e.configs) nodeKeys(n, keys);
      else e.rules.forEach((r) => refKeys(r.ref).forEach((k) => keys.add(k)));
    }
    return keys;
  }
}

/**
 * What a cpeMatch entry compiles to apart from its versions, per CPE name (NVD repeats names across records);
 * the name-derived part (vendor, tokens, models and the index keys) per vendor:product, shared by every name
 * of that product (compileRef derives them from those two fields only).
 */
const criteriaMemo = new Map<string, { base: CompiledRef; keys: number[] }>();
const productMemo = new Map<string, { name: Pick<CompiledRef, 'vendor' | 'tokens' | 'family' | 'models'>; keys: number[] }>();
export function compileCriteria(criteria: string): { base: CompiledRef; keys: number[] } {
  let c = criteriaMemo.get(criteria);
  if (!c) {
    if (criteriaMemo.size > 200_000) criteriaMemo.clear();
    const full = (): { base: CompiledRef; keys: number[] } => {
      const base = compileRef({ vendor: '', product: '', cpe: criteria, versions: { kind: 'all' } });
      return { base, keys: refKeys(base) };
    };
    let wfn: Wfn | null = null;
    try {
      wfn = parseCpeCached(criteria);
    } catch {
      wfn = null;
    }
    if (!wfn || typeof wfn.vendor !== 'string' || typeof wfn.product !== 'string') c = full();
    else {
      const pk = `${wfn.vendor}\u0001${wfn.product}`;
      let p = productMemo.get(pk);
      if (!p) {
        if (productMemo.size > 200_000) productMemo.clear();
        const f = full();
        p = { name: { vendor: f.base.vendor, tokens: f.base.tokens, family: f.base.family, models: f.base.models }, keys: f.keys };
        productMemo.set(pk, p);
      }
      const part = wfn.part === 'a' || wfn.part === 'o' || wfn.part === 'h' ? wfn.part : undefined;
      const n = p.name;
      const base: CompiledRef = part
        ? { label: criteria, part, vendor: n.vendor, tokens: n.tokens, family: n.family, models: n.models, serials: NONE, hashes: NONE, cpe: wfn, versions: ALL_VERSIONS }
        : { label: criteria, vendor: n.vendor, tokens: n.tokens, family: n.family, models: n.models, serials: NONE, hashes: NONE, cpe: wfn, versions: ALL_VERSIONS };
      c = { base, keys: p.keys };
    }
    criteriaMemo.set(criteria, c);
  }
  return c;
}

function compileNode(n: ConfigNode): CompiledNode {
  return {
    operator: n.operator,
    negate: n.negate,
    entries: n.cpeMatch.map((m) => {
      const { base, keys } = compileCriteria(m.criteria);
      // Config evidence names the criteria and the version range (versionLabel), never the label.
      return { ref: base, versions: m.versions, keys, vulnerable: m.vulnerable, criteria: m.criteria, inert: false };
    }),
    children: n.children.map(compileNode),
  };
}
function nodeKeys(n: CompiledNode, out: Set<number>): void {
  for (const e of n.entries) for (const k of e.keys) out.add(k);
  for (const c of n.children) nodeKeys(c, out);
}

const ALL_VERSIONS: VersionSpec = { kind: 'all' };
/** Shared empty lists of compiled trees and names (tens of thousands of leaves and names have them; never mutated). */
const NO_ENTRIES: CompiledEntry[] = [];
const NO_CHILDREN: CompiledNode[] = [];
const NONE: string[] = [];
const NO_KEYS: number[] = [];
/** Specs are never changed once built (see describeSpec): one per distinct bounds, shared by the entries that have them. */
const specMemo = new Map<string, VersionSpec>();

/**
 * The compact stored form of NVD configurations (nvd-compact.ts) → compiled trees: exactly compileNode() of what
 * readConfigurations() (nvd.format) makes of the configurations it came from — same nodes kept and dropped (a
 * configuration without a node, a node without entries or children, an entry whose CPE name parseCpe refuses),
 * same version specs (bounds, else the CPE's own version) — with no normalized tree in between (tested equal).
 * With `inventory` (AdvisoryIndex), an entry sharing no store key with it is inert rather than compiled.
 */
export function compileCompact(configs: readonly CompactNode[], inventory?: ReadonlySet<number>): CompiledNode[] {
  const out: CompiledNode[] = [];
  for (const cfg of configs) {
    const children: CompiledNode[] = [];
    for (const n of cfg[3]) {
      const c = compileCompactNode(n, inventory);
      if (c) children.push(c);
    }
    if (children.length) out.push({ operator: cfg[0] ? 'AND' : 'OR', negate: cfg[1] === 1, entries: NO_ENTRIES, children });
  }
  return out;
}

function compileCompactNode(node: CompactNode, inventory: ReadonlySet<number> | undefined): CompiledNode | null {
  const entries: CompiledEntry[] = [];
  for (const m of node[2]) {
    const criteria = m[0];
    const vulnerable = (m[1] & VULNERABLE) !== 0;
    // Only a name parseCpe cannot refuse (plain) may stay inert: a refused one is dropped, as below.
    if (inventory && m[1] & PLAIN && !sharesKey(m, inventory)) {
      entries.push(inertEntry(criteria.charCodeAt(8), vulnerable));
      continue;
    }
    const { base, keys } = compileCriteria(criteria);
    // compileRef keeps the parsed name whenever parseCpe accepts it: no name, no entry (as readConfigurations).
    if (!base.cpe) continue;
    entries.push({ ref: base, versions: compactSpec(m, base.cpe), keys, vulnerable, criteria, inert: false });
  }
  let children = NO_CHILDREN;
  if (node[3].length) {
    children = [];
    for (const ch of node[3]) {
      const c = compileCompactNode(ch, inventory);
      if (c) children.push(c);
    }
    if (!children.length) children = NO_CHILDREN;
  }
  if (!entries.length && !children.length) return null;
  return { operator: node[0] ? 'AND' : 'OR', negate: node[1] === 1, entries, children };
}

/** The version spec of one entry, as readConfigurations builds it (memoized per distinct bounds). */
function compactSpec(m: CompactEntry, w: Wfn): VersionSpec {
  const [, , startIncluding, startExcluding, endIncluding, endExcluding] = m;
  let key: string;
  if (startIncluding !== null || startExcluding !== null || endIncluding !== null || endExcluding !== null) {
    key = `b${startIncluding ?? '\u0002'}\u0001${startExcluding ?? '\u0002'}\u0001${endIncluding ?? '\u0002'}\u0001${endExcluding ?? '\u0002'}`;
  } else {
    const exact = valueText(w.version);
    if (!exact) return ALL_VERSIONS;
    key = `e${exact}`;
  }
  let spec = specMemo.get(key);
  if (!spec) {
    if (specMemo.size > 200_000) specMemo.clear();
    spec =
      key.charCodeAt(0) === 98
        ? specFromBounds({ startIncluding: startIncluding ?? undefined, startExcluding: startExcluding ?? undefined, endIncluding: endIncluding ?? undefined, endExcluding: endExcluding ?? undefined })
        : parseVersionSpec(key.slice(1));
    specMemo.set(key, spec);
  }
  return spec;
}

function sharesKey(m: CompactEntry, set: ReadonlySet<number>): boolean {
  for (let i = KEYS_AT; i < m.length; i++) if (set.has(m[i] as number)) return true;
  return false;
}

/** Inert entries carry only what evaluation reads of them (part, vulnerable): one shared object per pair. */
const inertEntries = new Map<number, CompiledEntry>();
function inertEntry(partCode: number, vulnerable: boolean): CompiledEntry {
  const k = partCode * 2 + (vulnerable ? 1 : 0);
  let e = inertEntries.get(k);
  if (!e) {
    const part = partCode === 97 ? 'a' : partCode === 111 ? 'o' : partCode === 104 ? 'h' : undefined;
    const ref: CompiledRef = { label: '', ...(part ? { part } : {}), vendor: '', tokens: NONE, family: false, models: NONE, serials: NONE, hashes: NONE, versions: ALL_VERSIONS };
    e = { ref, versions: ALL_VERSIONS, keys: NO_KEYS, vulnerable, criteria: '', inert: true };
    inertEntries.set(k, e);
  }
  return e;
}

/** Matches one set of components (one signature) against one vulnerability. null = the asset is not concerned. */
export function evaluate(entry: VulnEntry, components: readonly Component[]): Omit<VulnVerdict, 'advisoryId' | 'cve'> | null {
  return entry.configs ? evaluateConfigs(entry.configs, components) : evaluateRules(entry.rules, components);
}

interface Hit {
  verdict: AdvisoryVerdict;
  strength: number;
  certain: boolean;
  evidence: Evidence;
}
const PRECEDENCE: Record<AdvisoryVerdict, number> = { affected: 4, unknown: 3, fixed: 2, 'not-affected': 1 };
const STATUS_WORD: Record<AffectedRule['status'], string> = { affected: 'known_affected', fixed: 'fixed', 'not-affected': 'known_not_affected', 'under-investigation': 'under_investigation' };

function evaluateRules(rules: readonly CompiledRule[], components: readonly Component[]): Omit<VulnVerdict, 'advisoryId' | 'cve'> | null {
  const hits: Hit[] = [];
  for (const r of rules) {
    for (const c of components) {
      const id = identify(r.ref, c);
      if (!id) continue;
      let platformNote = '';
      if (r.platform) {
        const p = components.map((pc) => ({ pc, pid: identify(r.platform!, pc) })).find((x) => x.pid);
        if (!p) continue;
        platformNote = ` on ${r.platform.label} (${p.pc.field} '${p.pc.display}', ${p.pid!.how})`;
      }
      const v = versionOf(r.ref, c);
      const verdict = verdictFor(r.rule.status, v.result);
      if (!verdict) continue;
      hits.push({
        verdict,
        strength: id.strength,
        certain: v.result !== 'unknown' && id.strength >= 2,
        evidence: { rule: `${r.ref.label}${platformNote}${r.rule.ref ? ` [${r.rule.ref}]` : ''}`, status: STATUS_WORD[r.rule.status], field: c.field, assetValue: c.display, identity: id.how, version: v.text },
      });
    }
  }
  return pick(hits);
}

/** product_status × version comparison → verdict; null = this rule says nothing about this version. */
function verdictFor(status: AffectedRule['status'], r: 'in' | 'out' | 'above' | 'unknown'): AdvisoryVerdict | null {
  switch (status) {
    case 'affected':
      return r === 'in' ? 'affected' : r === 'above' ? 'fixed' : r === 'out' ? 'not-affected' : 'unknown';
    case 'fixed':
      return r === 'in' ? 'fixed' : r === 'unknown' ? 'unknown' : null;
    case 'not-affected':
      return r === 'in' ? 'not-affected' : null;
    case 'under-investigation':
      return r === 'out' || r === 'above' ? null : 'unknown';
  }
}

function pick(hits: Hit[]): Omit<VulnVerdict, 'advisoryId' | 'cve'> | null {
  if (!hits.length) return null;
  // The strongest identity decides; among equals, the most severe verdict (affected > unknown > fixed > not-affected).
  const best = Math.max(...hits.map((h) => h.strength));
  const top = hits.filter((h) => h.strength === best);
  const verdict = top.reduce((a, h) => (PRECEDENCE[h.verdict] > PRECEDENCE[a] ? h.verdict : a), top[0]!.verdict);
  const chosen = top.filter((h) => h.verdict === verdict);
  return {
    verdict,
    confidence: chosen.some((h) => h.certain) ? 'confirmed' : 'likely',
    reasons: chosen.map((h) => `${h.evidence.status} ${h.evidence.rule} ↔ ${h.evidence.field} '${h.evidence.assetValue}' (${h.evidence.identity}): ${h.evidence.version}`),
    evidence: chosen.map((h) => h.evidence),
  };
}

type Tri = 'true' | 'false' | 'unknown' | 'absent';
interface ConfigTrace {
  evidence: Evidence[];
  sawAbove: boolean;
  sawVulnerableIdentity: boolean;
  certain: boolean;
}

function evaluateConfigs(configs: readonly CompiledNode[], components: readonly Component[]): Omit<VulnVerdict, 'advisoryId' | 'cve'> | null {
  const results: { value: Tri; trace: ConfigTrace }[] = [];
  let anyTrue = false;
  let anyUnknown = false;
  let anyFalseSeen = false;
  for (const n of configs) {
    const trace: ConfigTrace = { evidence: [], sawAbove: false, sawVulnerableIdentity: false, certain: true };
    const value = evalNode(n, components, trace);
    results.push({ value, trace });
    if (value === 'true') anyTrue = true;
    else if (value === 'unknown') anyUnknown = true;
    else if (value === 'false' && trace.sawVulnerableIdentity) anyFalseSeen = true;
  }
  let verdict: AdvisoryVerdict;
  let chosen: typeof results;
  if (anyTrue) (verdict = 'affected'), (chosen = withValueIn(results, 'true'));
  else if (anyUnknown) (verdict = 'unknown'), (chosen = withValueIn(results, 'unknown'));
  else if (anyFalseSeen) {
    chosen = withValueIn(results, 'false').filter((r) => r.trace.sawVulnerableIdentity);
    // Past the end of a matched range and inside none: the fix of that release branch is in (OpenSSL 1.1.1t
    // is fixed although the 3.0 branch's range starts above it).
    verdict = chosen.some((r) => r.trace.sawAbove) ? 'fixed' : 'not-affected';
  } else return null;
  const evidence = chosen.flatMap((r) => r.trace.evidence);
  const missing = verdict === 'unknown' && chosen.every((r) => !r.trace.sawVulnerableIdentity);
  return {
    verdict,
    confidence: verdict !== 'unknown' && chosen.every((r) => r.trace.certain) ? 'confirmed' : 'likely',
    reasons: [
      ...evidence.map((e) => `${e.status} ${e.rule} ↔ ${e.field} '${e.assetValue}' (${e.identity}): ${e.version}`),
      ...(missing ? ['the asset runs on a listed platform but the vulnerable component was not identified on it'] : []),
    ],
    evidence,
  };
}

function withValueIn<T extends { value: Tri }>(results: readonly T[], v: Tri): T[] {
  return results.filter((r) => r.value === v);
}

function evalNode(n: CompiledNode, cs: readonly Component[], trace: ConfigTrace): Tri {
  // Every entry and child is evaluated, in order (each adds its evidence to the trace).
  let trues = 0;
  let unknowns = 0;
  let falses = 0;
  for (const e of n.entries) {
    const x = evalEntry(e, cs, trace);
    if (x === 'true') trues++;
    else if (x === 'unknown') unknowns++;
    else if (x === 'false') falses++;
  }
  for (const c of n.children) {
    const x = evalNode(c, cs, trace);
    if (x === 'true') trues++;
    else if (x === 'unknown') unknowns++;
    else if (x === 'false') falses++;
  }
  let v: Tri;
  if (n.operator === 'OR') v = trues ? 'true' : unknowns ? 'unknown' : falses ? 'false' : 'absent';
  else if (falses) v = 'false';
  else if (trues === n.entries.length + n.children.length) v = 'true';
  else if (trues || unknowns) v = 'unknown';
  else v = 'absent';
  if (n.negate) v = v === 'true' ? 'false' : v === 'false' ? 'true' : v;
  return v;
}

function evalEntry(e: CompiledEntry, cs: readonly Component[], trace: ConfigTrace): Tri {
  let best: Tri = 'absent';
  if (!e.inert) for (const c of cs) {
    const id: Identity | null = identify(e.ref, c);
    if (!id) continue;
    const v = versionIn(e.ref.part, e.versions, undefined, c);
    const value: Tri = v.result === 'in' ? 'true' : v.result === 'unknown' ? 'unknown' : 'false';
    if (e.vulnerable) {
      trace.sawVulnerableIdentity = true;
      if (v.result === 'above') trace.sawAbove = true;
    }
    if (v.result === 'unknown' || id.strength < 2) trace.certain = false;
    trace.evidence.push({ rule: e.versions.kind === 'all' ? e.criteria : `${e.criteria} (${versionLabel(e.versions)})`, status: e.vulnerable ? 'vulnerable' : 'running-on', field: c.field, assetValue: c.display, identity: id.how, version: v.text });
    if (value === 'true') return 'true';
    if (value === 'unknown' || best === 'absent') best = value;
  }
  // A platform the asset demonstrably is not: its OS (or its hardware model) is known and is something else.
  if (best === 'absent' && !e.vulnerable) {
    if (e.ref.part === 'o' && cs.some((c) => c.field === 'os')) return 'false';
    if (e.ref.part === 'h' && cs.some((c) => c.part === '*' && c.tokens.length > 0)) return 'false';
  }
  return best;
}

/** Range text of config evidence (">=1.0 <2.0 | 3.1"): built once per spec object (specs never change). */
const labels = new WeakMap<VersionSpec, string>();
function versionLabel(v: VersionSpec): string {
  let t = labels.get(v);
  if (t === undefined) {
    t = v.kind === 'ranges' ? v.ranges.map((x) => ('exact' in x ? x.exact : [x.from && `${x.from.inclusive ? '>=' : '>'}${x.from.version}`, x.to && `${x.to.inclusive ? '<=' : '<'}${x.to.version}`].filter(Boolean).join(' '))).join(' | ') : 'all';
    labels.set(v, t);
  }
  return t;
}

/**
 * Keys of the store's match-key postings (advisory_key_postings), hashed to 32-bit integers: a changed asset, or a
 * whole inventory, loads only the advisories that share one with it; the exact matching happens after loading.
 * This is their definition, as strings; the matcher computes their hashes with hashedStoreKeys (tested equal).
 * Fewer than the in-memory index's keys (one row each per record is what an NVD-scale ingest pays for), and a
 * superset of its candidates: every pair identify() can accept shares one. Per product name (tokens R, vendor V):
 * `c:V|last(R)` (equal names, an asset name that is a suffix of R, a family R that is a prefix of the asset's
 * — the asset looks up each of its tokens), `n:` the last two tokens (assets that name no vendor: only a full
 * name of two or more tokens counts for them), and model numbers.
 */
export function refStoreKeys(r: Pick<CompiledRef, 'models' | 'vendor' | 'tokens'>): Set<string> {
  const out = new Set<string>();
  for (const m of r.models) out.add(`m:${m}`);
  const t = r.tokens;
  if (t.length) {
    out.add(`c:${firstToken(r.vendor)}|${t[t.length - 1]}`);
    out.add(`n:${t.slice(-2).join(' ')}`);
  }
  return out;
}

export function componentStoreKeys(c: Component): string[] {
  const keys = c.modelNumbers.map((m) => `m:${m}`);
  const t = c.tokens;
  if (!t.length) return keys;
  if (c.vendor) {
    const v = firstToken(c.vendor);
    for (const x of t) keys.push(`c:${v}|${x}`);
  }
  keys.push(`n:${t.slice(-2).join(' ')}`);
  return keys;
}

/** FNV-1a, 32 bits, signed (fits an INTEGER column on both dialects). Collisions only add candidates. */
export function keyHash(k: string): number {
  return fnv(FNV_BASIS, k) | 0;
}
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** FNV-1a of `s` continued from `h`: a key hashed part by part is the hash of the parts joined. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
const M_KEY = fnv(FNV_BASIS, 'm:');
const C_KEY = fnv(FNV_BASIS, 'c:');
const N_KEY = fnv(FNV_BASIS, 'n:');

/**
 * `[...refStoreKeys(ref)].map(keyHash)` without making the key strings (or a Set): the keys of every product name
 * a whole-NVD ingest meets for the first time (137,000 in the benchmark feed). Tested equal.
 */
export function hashedStoreKeys(vendor: string, tokens: readonly string[], models: readonly string[]): number[] {
  const keys: number[] = [];
  for (let i = 0; i < models.length; i++) if (models.indexOf(models[i]!) === i) keys.push(fnv(M_KEY, models[i]!) | 0);
  const n = tokens.length;
  if (n) {
    const last = tokens[n - 1]!;
    const space = vendor.indexOf(' ');
    keys.push(fnv(fnv(fnv(C_KEY, space < 0 ? vendor : vendor.slice(0, space)), '|'), last) | 0);
    keys.push((n > 1 ? fnv(fnv(fnv(N_KEY, tokens[n - 2]!), ' '), last) : fnv(N_KEY, last)) | 0);
  }
  return keys;
}

/**
 * Hashed store keys by the `vendor:product` of CPE names, found without slicing that part out of the name: a
 * whole-NVD ingest looks up 750,000 names, and a Map keyed by strings made a new string and hashed it for each
 * (or, keyed by the whole name, held one entry per version). Open addressing over FNV-1a hashes of the part; the
 * parts themselves are kept as char codes in one pool (compared there, not through a string object each).
 */
class ProductKeys {
  private slots = new Int32Array(1 << 16);
  /** Per entry: hash, start in the pool, length. */
  private meta = new Int32Array(3 << 12);
  private pool = new Uint16Array(1 << 16);
  private used = 0;
  private readonly keys: number[][] = [];

  get(s: string, from: number, to: number, h: number): number[] | undefined {
    const mask = this.slots.length - 1;
    const len = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.slots[slot]! - 1;
      if (e < 0) return undefined;
      const m = e * 3;
      if (this.meta[m] === h && this.meta[m + 2] === len) {
        const at = this.meta[m + 1]! - from;
        let i = from;
        while (i < to && this.pool[at + i] === s.charCodeAt(i)) i++;
        if (i === to) return this.keys[e];
      }
    }
  }

  set(s: string, from: number, to: number, h: number, keys: number[]): void {
    // Bounded: past 300,000 names it starts again (a cache, not a record).
    if (this.keys.length >= 300_000) this.clear();
    const e = this.keys.push(keys) - 1;
    if ((e + 1) * 2 > this.slots.length) this.grow();
    if ((e + 1) * 3 > this.meta.length) this.meta = grown(this.meta, (e + 1) * 3);
    if (this.used + to - from > this.pool.length) this.pool = grown(this.pool, this.used + to - from);
    for (let i = from; i < to; i++) this.pool[this.used++] = s.charCodeAt(i);
    this.meta[e * 3] = h;
    this.meta[e * 3 + 1] = this.used - (to - from);
    this.meta[e * 3 + 2] = to - from;
    this.place(e, h);
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.keys.length - 1; e++) this.place(e, this.meta[e * 3]!);
  }

  private clear(): void {
    this.slots.fill(0);
    this.used = 0;
    this.keys.length = 0;
  }
}

/** A copy of `a` with room for at least `n` (twice as much). */
function grown<T extends Int32Array | Uint16Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

const productKeys = new ProductKeys();
/** Names outside the fast path (escapes, other forms): few, memoized whole. */
const otherCpeKeys = new Map<string, number[]>();
/** A formatted-string CPE field as valueText() reads it (no escapes in it): ANY and NA read as nothing. */
const plainField = (v: string): string | null => (v === '*' || v === '' || v === '-' ? null : v.toLowerCase());
/**
 * Hashed store keys of one CPE name, derived as compileRef() derives vendor, tokens and model numbers from a
 * name-only ref (names that differ only in version and later fields share them: memoized by vendor:product).
 * The array is shared: callers must not change it.
 */
export function cpeStoreKeys(criteria: string): number[] {
  fast: if (criteria.startsWith('cpe:2.3:') && criteria.charCodeAt(8) !== 92 && criteria.charCodeAt(9) === 58) {
    // "cpe:2.3:a:" then vendor:product up to the next colon, hashed as it is read; no escapes anywhere.
    let h = FNV_BASIS;
    let colon = -1;
    let end = criteria.length;
    for (let i = 10; i < criteria.length; i++) {
      const c = criteria.charCodeAt(i);
      if (c === 92) break fast;
      if (c === 58) {
        if (colon >= 0) {
          end = i;
          break;
        }
        colon = i;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (criteria.indexOf('\\', end) >= 0) break fast;
    h |= 0;
    let keys = productKeys.get(criteria, 10, end, h);
    if (!keys) {
      const vendor = normVendor(plainField(colon < 0 ? criteria.slice(10) : criteria.slice(10, colon)));
      const product = colon < 0 ? null : plainField(criteria.slice(colon + 1, end))?.replace(/_/g, ' ');
      const pn = product ? parseProductName(product, vendor) : null;
      keys = pn ? hashedStoreKeys(vendor, pn.tokens, pn.modelNumbers) : [];
      productKeys.set(criteria, 10, end, h, keys);
    }
    return keys;
  }
  let keys = otherCpeKeys.get(criteria);
  if (!keys) {
    if (otherCpeKeys.size > 100_000) otherCpeKeys.clear();
    keys = refKeys(compileRef({ vendor: '', product: '', cpe: criteria, versions: { kind: 'all' } }));
    otherCpeKeys.set(criteria, keys);
  }
  return keys;
}

/** A CPE 2.3 formatted string parseCpe() cannot refuse: 11 components, a/o/h/* part, no escapes, no blanks around. */
export function plainCpe(criteria: string): boolean {
  if (!criteria.startsWith('cpe:2.3:') || criteria.charCodeAt(9) !== 58) return false;
  const part = criteria.charCodeAt(8);
  if (part !== 97 && part !== 104 && part !== 111 && part !== 42) return false;
  let colons = 0;
  for (let i = 0; i < criteria.length; i++) {
    const ch = criteria.charCodeAt(i);
    if (ch === 58) colons++;
    else if (ch === 92 || ch <= 32) return false;
  }
  return colons === 12;
}

/** Keys in the order first added, each once: a list while short (a record names few products), a Set beyond. */
export class DistinctKeys {
  readonly list: number[] = [];
  private seen: Set<number> | null = null;

  add(k: number): void {
    if (this.seen) {
      if (!this.seen.has(k)) (this.seen.add(k), this.list.push(k));
    } else if (!this.list.includes(k)) {
      this.list.push(k);
      if (this.list.length > 32) this.seen = new Set(this.list);
    }
  }
}

/** Store keys (hashed, distinct) of NVD `configurations` as the feed writes them (raw JSON) or normalized. */
export function configStoreKeys(configurations: unknown): number[] {
  const keys = new DistinctKeys();
  if (Array.isArray(configurations)) {
    for (const cfg of configurations) {
      if (typeof cfg !== 'object' || cfg === null) continue;
      const c = cfg as { nodes?: unknown; cpeMatch?: unknown; children?: unknown };
      if (Array.isArray(c.nodes)) for (const n of c.nodes) nodeStoreKeys(n, keys);
      else nodeStoreKeys(c, keys);
    }
  }
  return keys.list;
}

function nodeStoreKeys(n: unknown, keys: DistinctKeys): void {
  if (typeof n !== 'object' || n === null) return;
  const o = n as { cpeMatch?: unknown; children?: unknown };
  if (Array.isArray(o.cpeMatch)) {
    for (const m of o.cpeMatch) {
      const criteria = typeof m === 'object' && m !== null ? (m as { criteria?: unknown }).criteria : undefined;
      // A name parseCpe refuses yields no keys (compileRef reads nothing from it); it is dropped when loaded.
      if (typeof criteria !== 'string') continue;
      for (const k of cpeStoreKeys(criteria)) keys.add(k);
    }
  }
  if (Array.isArray(o.children)) for (const c of o.children) nodeStoreKeys(c, keys);
}

/** Hashed store keys of a normalized advisory (CSAF, JVN, NVD documents read whole). */
export function storedKeys(adv: Pick<NormalizedAdvisory, 'vulnerabilities'>): number[] {
  const keys = new Set<number>();
  for (const v of adv.vulnerabilities) {
    if (v.configurations?.length) configStoreKeys(v.configurations).forEach((k) => keys.add(k));
    else {
      for (const r of v.rules) {
        for (const ref of [r, ...(r.platform ? [r.platform] : [])]) for (const k of refKeys(compileRef(ref))) keys.add(k);
      }
    }
  }
  return [...keys];
}

/** Assets grouped by component signature: the unit of matching work. */
export interface AssetGroup {
  signature: string;
  components: Component[];
  assetIds: string[];
}

export function groupAssets(assets: Iterable<MatchAsset>): AssetGroup[] {
  const groups = new Map<string, AssetGroup>();
  // Identical devices are written identically: components are derived once per distinct set of the fields
  // componentsOf() reads. Those are found by a hash of the fields, then compared field by field: no key string
  // is built per asset (a full match groups 100,000s of assets, and building and hashing such strings cost 3x).
  const byHash = new Map<number, { first: MatchAsset; group: AssetGroup | null }[]>();
  for (const a of assets) {
    const h = rawHash(a);
    let bucket = byHash.get(h);
    if (!bucket) byHash.set(h, (bucket = []));
    let seen = null;
    for (const b of bucket) {
      if (sameRaw(b.first, a)) {
        seen = b;
        break;
      }
    }
    if (!seen) {
      const components = componentsOf(a);
      let g: AssetGroup | null = null;
      if (components.length) {
        const sig = signatureOf(components);
        g = groups.get(sig) ?? { signature: sig, components, assetIds: [] };
        groups.set(sig, g);
      }
      bucket.push((seen = { first: a, group: g }));
    }
    seen.group?.assetIds.push(a.id);
  }
  return [...groups.values()];
}

// Everything componentsOf() reads, hashed and compared: null and undefined alike (and, in services, '' too).
function mix(h: number, s: string | null | undefined): number {
  return Math.imul(fnv(h, s ?? '') ^ 0x1f, FNV_PRIME);
}
function rawHash(a: MatchAsset): number {
  let h = mix(mix(mix(FNV_BASIS, a.vendor), a.model), a.serial);
  h = mix(mix(h, a.os?.name), a.os?.version);
  h = mix(mix(h, a.firmware?.name), a.firmware?.version);
  for (const c of a.cpes) h = mix(h, c);
  for (const s of a.services) h = mix(mix(mix(Math.imul(mix(h, s.transport) ^ s.port, FNV_PRIME), s.service), s.product), s.version);
  return h;
}
const sameText = (x: string | null | undefined, y: string | null | undefined) => (x ?? null) === (y ?? null);
const sameOr = (x: string | null | undefined, y: string | null | undefined) => (x || '') === (y || '');
const json = (o: object | undefined) => (o && hasKeys(o) ? JSON.stringify(o) : '');
function sameRaw(a: MatchAsset, b: MatchAsset): boolean {
  if (!sameText(a.vendor, b.vendor) || !sameText(a.model, b.model) || !sameText(a.serial, b.serial)) return false;
  if (!sameText(a.os?.name, b.os?.name) || !sameText(a.os?.version, b.os?.version) || !sameText(a.firmware?.name, b.firmware?.name) || !sameText(a.firmware?.version, b.firmware?.version)) return false;
  if (a.cpes.length !== b.cpes.length || a.services.length !== b.services.length) return false;
  for (let i = 0; i < a.cpes.length; i++) if (a.cpes[i] !== b.cpes[i]) return false;
  for (let i = 0; i < a.services.length; i++) {
    const x = a.services[i]!;
    const y = b.services[i]!;
    if (x.transport !== y.transport || x.port !== y.port || !sameOr(x.service, y.service) || !sameOr(x.product, y.product) || !sameOr(x.version, y.version)) return false;
    if ((x.extra || y.extra) && json(x.extra) !== json(y.extra)) return false;
  }
  return json(a.attributes) === json(b.attributes);
}
const hasKeys = (o: object): boolean => Object.keys(o).length > 0;

/**
 * Every group against every candidate vulnerability of the index. The verdict of NVD configurations depends only
 * on the components that can be identified with their entries, which are among those that reached the
 * vulnerability through a key (identify() accepts no pair without a shared key), and on whether the group has an
 * OS and a device with a name (the platforms it demonstrably is not): groups alike in those get the very same
 * verdict, given once (a device type's services appear in the groups of each of its firmware releases). CSAF
 * rules are not: a rule's platform may be identified with any component.
 */
export function* matchGroups(index: AdvisoryIndex, groups: Iterable<AssetGroup>): Generator<{ group: AssetGroup; result: VulnVerdict }> {
  const ids = new ComponentIds();
  for (const group of groups) {
    const cs = group.components;
    const memo = cs.length <= 31;
    let flags = '';
    let cids: number[] = [];
    if (memo) {
      flags = `${cs.some((c) => c.field === 'os') ? 'o' : ''}${cs.some((c) => c.part === '*' && c.tokens.length > 0) ? 'd' : ''}|`;
      cids = cs.map((c) => ids.of(c));
    }
    for (const entry of index.candidates(cs)) {
      if (!memo || !entry.configs) {
        const r = evaluate(entry, cs);
        if (r) yield { group, result: { advisoryId: entry.advisoryId, cve: entry.cve, ...r } };
        continue;
      }
      let key = flags;
      for (let i = 0, m = entry.reached; m; i++, m >>>= 1) if (m & 1) key += `${cids[i]},`;
      if (entry.given?.ids !== ids) entry.given = { ids, verdicts: new Map() };
      const given = entry.given.verdicts;
      let result = given.get(key);
      if (result === undefined) {
        const r = evaluate(entry, cs);
        given.set(key, (result = r ? { advisoryId: entry.advisoryId, cve: entry.cve, ...r } : null));
      }
      if (result) yield { group, result };
    }
  }
}

/** Numbers for components: the same for equal components (every field, the ones evidence shows included). */
class ComponentIds {
  private readonly byObject = new Map<Component, number>();
  private readonly byValue = new Map<string, number>();

  of(c: Component): number {
    let id = this.byObject.get(c);
    if (id === undefined) {
      const v = componentValue(c);
      id = this.byValue.get(v);
      if (id === undefined) this.byValue.set(v, (id = this.byValue.size));
      this.byObject.set(c, id);
    }
    return id;
  }
}

/** Every field of a component: adding one fails to compile here until componentValue() reads it too. */
const COMPONENT_FIELDS: Record<keyof Component, true> = { field: true, display: true, part: true, vendor: true, tokens: true, version: true, cpe: true, modelNumbers: true, serial: true, hashes: true };
void COMPONENT_FIELDS;

function componentValue(c: Component): string {
  const S = '\u0001';
  const cpe = c.cpe ? CPE_ATTRS.map((a) => (c.cpe![a] === ANY ? '\u0002' : c.cpe![a] === NA ? '\u0003' : String(c.cpe![a]))).join('\u0004') : '';
  return [c.field, c.display, c.part, c.vendor, c.tokens.join(S), c.version ?? '\u0000', cpe, c.modelNumbers.join(S), c.serial ?? '\u0000', c.hashes.join(S)].join('\u0005');
}

/** Inventory side index for "one new advisory against the whole inventory": key → groups. */
export class InventoryIndex {
  private readonly byKey = new Map<number, AssetGroup[]>();
  readonly groups: AssetGroup[];
  constructor(groups: AssetGroup[]) {
    this.groups = groups;
    for (const g of groups) {
      const keys = new Set<number>();
      for (const c of g.components) componentKeys(c).forEach((k) => keys.add(k));
      for (const k of keys) {
        const list = this.byKey.get(k);
        if (list) list.push(g);
        else this.byKey.set(k, [g]);
      }
    }
  }

  /** Matches one advisory (already added to `index`) against the groups that share a key with it. */
  *matchAdvisory(index: AdvisoryIndex, advisoryId: string): Generator<{ group: AssetGroup; result: VulnVerdict }> {
    const groups = new Set<AssetGroup>();
    for (const k of index.keysOf(advisoryId)) for (const g of this.byKey.get(k) ?? []) groups.add(g);
    for (const group of groups) {
      for (const entry of index.entriesOf(advisoryId)) {
        const r = evaluate(entry, group.components);
        if (r) yield { group, result: { advisoryId, cve: entry.cve, ...r } };
      }
    }
  }
}
