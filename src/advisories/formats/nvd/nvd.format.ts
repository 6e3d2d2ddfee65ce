// NVD CVE API 2.0 JSON: a response page ({vulnerabilities:[{cve}]}), or one `cve` object as the mirrors store
// it. Reads id, descriptions, CVSS v2/v3.0/v3.1/v4.0, CWE, references, the CISA KEV fields NVD copies, and
// `configurations`: each is an AND/OR of nodes, each node an OR/AND of cpeMatch entries with
// versionStart/End Including/Excluding; `vulnerable:false` entries are the "running on/with" platform.
import { parseCpe, parseCpeCached, valueText } from '../../matching/cpe.js';
import { specFromBounds, parseVersionSpec } from '../../matching/ranges.js';
import { compactConfigurations, expandConfigurations, type CompactNode } from './nvd-compact.js';
import { arr, clean, CVE_RE, isObj, num, obj, ptr, str, type Json } from '../json-access.js';
import type { AdvisoryVuln, AffectedRule, ConfigNode, CpeMatchEntry, Cvss, FeedFormat, FeedRecord, KevAssertion, NormalizedAdvisory } from '../types.js';

export const nvdFormat: FeedFormat = {
  id: 'nvd-cve-2.0',
  title: 'NVD CVE API 2.0 JSON',
  syntax: 'json',
  sniff(doc) {
    const d = obj(doc);
    if (!d) return false;
    if (Array.isArray(d.vulnerabilities) && (d.format === 'NVD_CVE' || isObj(obj(d.vulnerabilities[0])?.cve))) return true;
    return typeof d.id === 'string' && CVE_RE.test(d.id) && ('configurations' in d || 'descriptions' in d) && 'lastModified' in d;
  },
  *parse(doc): Iterable<FeedRecord> {
    const d = obj(doc);
    if (!d) return;
    if (Array.isArray(d.vulnerabilities)) {
      for (let i = 0; i < d.vulnerabilities.length; i++) yield* parseNvdCve(obj(d.vulnerabilities[i])?.cve, ptr('vulnerabilities', i, 'cve'));
    } else yield* parseNvdCve(d, '');
  },
};

/** One `cve` object → records. Exported for the streaming importer, which parses record by record. */
export function* parseNvdCve(cve: unknown, at: string, keepRaw = true): Iterable<FeedRecord> {
  const c = obj(cve);
  const id = str(c?.id);
  if (!c || !id || !CVE_RE.test(id)) {
    yield { kind: 'issue', pointer: `${at}/id`, message: `record without a valid CVE id${id ? `: ${id}` : ''}`, level: 'error' };
    return;
  }
  const issues: FeedRecord[] = [];
  const configurations = readConfigurations(c.configurations, at, issues);
  const rules: AffectedRule[] = [];
  const walk = (n: ConfigNode) => {
    for (const m of n.cpeMatch) {
      if (!m.vulnerable) continue;
      const w = parseCpe(m.criteria);
      rules.push({ vendor: valueText(w.vendor) ?? '', product: valueText(w.product) ?? '', part: w.part === 'a' || w.part === 'o' || w.part === 'h' ? w.part : undefined, cpe: m.criteria, versions: m.versions, status: 'affected', ...(m.id ? { ref: m.id } : {}) });
    }
    n.children.forEach(walk);
  };
  configurations.forEach(walk);
  const cwes = readCwes(c);
  const advisory: NormalizedAdvisory = {
    source: { format: 'nvd-cve-2.0', id, url: `https://nvd.nist.gov/vuln/detail/${id}` },
    revision: str(c.lastModified) ?? null,
    title: clean(str(c.cisaVulnerabilityName)) || id,
    summary: readSummary(c),
    lang: 'en',
    publishedAt: str(c.published),
    updatedAt: str(c.lastModified),
    aliases: [id],
    vulnerabilities: [{ cve: id, cwes, cvss: readMetrics(obj(c.metrics)), rules, ...(configurations.length ? { configurations } : {}), remediations: [] }],
    references: readReferences(c),
    ...(keepRaw ? { raw: cve } : {}),
  };
  yield* issues;
  yield { kind: 'advisory', advisory };
  const kev = readKev(c, id);
  if (kev) yield kev;
}

// readCwes, readReferences and readMetrics run once per record of a whole-NVD ingest: loops, not chains of
// filter/map that allocate an array per step (tested equal to those).
const CWE_RE = /^CWE-\d+$/;
/** The CWE ids of the weaknesses (not NVD-CWE-noinfo and the like), each once, in order. */
export function readCwes(c: Json): string[] {
  const out: string[] = [];
  for (const w of arr(c.weaknesses)) {
    if (!isObj(w)) continue;
    for (const x of arr(w.description)) {
      const v = isObj(x) ? x.value : undefined;
      if (typeof v === 'string' && v && CWE_RE.test(v) && !out.includes(v)) out.push(v);
    }
  }
  return out;
}
/** The references' URLs. */
export function readReferences(c: Json): string[] {
  const out: string[] = [];
  for (const r of arr(c.references)) {
    const u = isObj(r) ? r.url : undefined;
    if (typeof u === 'string' && u) out.push(u);
  }
  return out;
}
function readSummary(c: Json): string | undefined {
  const descriptions = arr(c.descriptions).filter(isObj);
  const en = descriptions.find((x) => x.lang === 'en') ?? descriptions[0];
  return clean(str(en?.value)) || undefined;
}
function readKev(c: Json, id: string): FeedRecord | null {
  const added = str(c.cisaExploitAdd);
  if (!added) return null;
  return {
    kind: 'kev',
    assertion: { asserter: 'cisa', vulnId: id, addedAt: added, dueAt: str(c.cisaActionDue), requiredAction: str(c.cisaRequiredAction), name: str(c.cisaVulnerabilityName), knownRansomware: null },
  };
}

/** A record's `configurations` → normalized trees (bad CPE names become issues and are left out). */
export function readConfigurations(configurations: unknown, at: string, issues: FeedRecord[]): ConfigNode[] {
  return arr(configurations)
    .map((cfg, i) => readConfig(cfg, `${at}/configurations/${i}`, issues))
    .filter((x): x is ConfigNode => x !== null);
}

/**
 * What a whole-feed (streamed) ingest keeps of one NVD record, without normalizing its configurations: the
 * columns the store shows (title, summary, dates, references, CVSS, CWE) and the configurations in the compact
 * form (nvd-compact.ts). The matcher compiles those when it loads the record (`AdvisoryIndex.addNvdRecord`), to
 * exactly what normalizing them with the code of `parseNvdCve` gives (`nvdStoredVulns`; tested), so a streamed
 * and a whole-document import match alike. Issues are the ones `parseNvdCve` reports (a CPE name that cannot
 * be read), found by a cheap check first.
 */
export interface NvdLean {
  id: string;
  title: string;
  summary: string | null;
  published: string | null;
  lastModified: string | null;
  references: string[];
  cvss: Cvss[];
  cwes: string[];
  /** The configurations, compact. */
  configs: CompactNode[];
  /** Hashed match keys of the configurations (matcher: cpeStoreKeys). */
  keys: number[];
  kev: KevAssertion | null;
  issues: FeedRecord[];
}

export function leanNvdCve(cve: unknown, at: string): NvdLean | FeedRecord {
  const c = obj(cve);
  const id = str(c?.id);
  if (!c || !id || !CVE_RE.test(id)) return { kind: 'issue', pointer: `${at}/id`, message: `record without a valid CVE id${id ? `: ${id}` : ''}`, level: 'error' };
  const issues: FeedRecord[] = [];
  const { configs, keys, irregular } = compactConfigurations(c.configurations);
  // A name the quick check does not vouch for: parseCpe decides, and its refusals become warnings.
  if (irregular) readConfigurations(c.configurations, at, issues);
  const kev = readKev(c, id);
  return {
    id, title: clean(str(c.cisaVulnerabilityName)) || id, summary: readSummary(c) ?? null, published: str(c.published) ?? null, lastModified: str(c.lastModified) ?? null,
    references: readReferences(c), cvss: readMetrics(obj(c.metrics)), cwes: readCwes(c), configs, keys,
    kev: kev && kev.kind === 'kev' ? kev.assertion : null, issues,
  };
}

/**
 * The stored form of a streamed record's matching data ↔ the vulnerability the matcher reads. Version 2 keeps
 * the configurations compact; stores written before it hold version 1, the feed's own `configurations`.
 */
export type NvdStoredData = NvdStoredBase & ({ nvd: 1; configurations: unknown } | { nvd: 2; configs: CompactNode[] });
interface NvdStoredBase {
  cve: string;
  cwes: string[];
  cvss: Cvss[];
}

/** The configurations of stored data, compact whichever version stored them. */
export function storedConfigs(d: NvdStoredData): CompactNode[] {
  return d.nvd === 2 ? d.configs : compactConfigurations(d.configurations).configs;
}

export function nvdStoredVulns(d: NvdStoredData): AdvisoryVuln[] {
  const configurations = readConfigurations(d.nvd === 2 ? expandConfigurations(d.configs) : d.configurations, '', []);
  return [{ cve: d.cve, cwes: d.cwes, cvss: d.cvss, rules: [], ...(configurations.length ? { configurations } : {}), remediations: [] }];
}

function readConfig(cfg: unknown, at: string, issues: FeedRecord[]): ConfigNode | null {
  const c = obj(cfg);
  if (!c) return null;
  const children = arr(c.nodes)
    .map((n, i) => readNode(n, `${at}/nodes/${i}`, issues))
    .filter((x): x is ConfigNode => x !== null);
  if (!children.length) return null;
  return { operator: c.operator === 'AND' ? 'AND' : 'OR', negate: c.negate === true, cpeMatch: [], children };
}

function readNode(node: unknown, at: string, issues: FeedRecord[]): ConfigNode | null {
  const n = obj(node);
  if (!n) return null;
  const cpeMatch: CpeMatchEntry[] = [];
  arr(n.cpeMatch).forEach((m, i) => {
    const e = obj(m);
    const criteria = str(e?.criteria);
    if (!e || !criteria) return;
    let w;
    try {
      w = parseCpeCached(criteria);
    } catch (err) {
      issues.push({ kind: 'issue', pointer: `${at}/cpeMatch/${i}/criteria`, message: (err as Error).message, level: 'warning' });
      return;
    }
    const bounds = { startIncluding: str(e.versionStartIncluding), startExcluding: str(e.versionStartExcluding), endIncluding: str(e.versionEndIncluding), endExcluding: str(e.versionEndExcluding) };
    const hasBounds = Object.values(bounds).some((b) => b !== undefined);
    const exact = valueText(w.version);
    const versions = hasBounds ? specFromBounds(bounds) : exact ? parseVersionSpec(exact) : { kind: 'all' as const };
    cpeMatch.push({ criteria, vulnerable: e.vulnerable !== false, versions, ...(str(e.matchCriteriaId) ? { id: str(e.matchCriteriaId)! } : {}) });
  });
  const children = arr(n.children)
    .map((ch, i) => readNode(ch, `${at}/children/${i}`, issues))
    .filter((x): x is ConfigNode => x !== null);
  if (!cpeMatch.length && !children.length) return null;
  return { operator: n.operator === 'AND' ? 'AND' : 'OR', negate: n.negate === true, cpeMatch, children };
}

const METRIC_KEYS = ['cvssMetricV40', 'cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2'];
/** CVSS of every version, NVD's own (Primary) first within a version, each vector once. */
export function readMetrics(m: Json | undefined): Cvss[] {
  if (!m) return [];
  const out: Cvss[] = [];
  for (const key of METRIC_KEYS) {
    const list = m[key];
    if (!Array.isArray(list)) continue;
    // Primary first, then the others, each in their order (what a stable sort on "is Primary" gives).
    for (const primary of [true, false]) for (const x of list) if (isObj(x) && (x.type === 'Primary') === primary) pushCvss(out, x);
  }
  return out;
}
function pushCvss(out: Cvss[], x: Json): void {
  const d = obj(x.cvssData);
  const version = str(d?.version);
  const vector = str(d?.vectorString);
  const baseScore = num(d?.baseScore);
  if (!vector || baseScore === undefined || !(version === '2.0' || version === '3.0' || version === '3.1' || version === '4.0')) return;
  for (const c of out) if (c.vector === vector) return;
  const source = str(x.source);
  out.push(source ? { version, vector, baseScore, source } : { version, vector, baseScore });
}
