// JVN iPedia / MyJVN API (IPA, JPCERT/CC), API 3.2 "hnd" XML:
// - VULDEF 3.2 (getVulnDetailInfo, dataFeed jvndb detail): Vulinfo/VulinfoID (JVNDB-YYYY-NNNNNN),
//   VulinfoData/{Title, VulinfoDescription/Overview, Affected/AffectedItem/{Name, ProductName, Cpe, VersionNumber},
//   Impact/Cvss[@version], Solution, Related/RelatedItem[@type], DateFirstPublished, DateLastUpdated}.
// - JVNRSS 3.2 (getVulnOverviewList): RDF items with sec:identifier, sec:references, sec:cpe, sec:cvss.
// Japanese titles and summaries are kept as they are. VersionNumber is free Japanese text
// (「7.6.2より前のバージョン」); JVNRSS carries no versions at all, so its rules match as `unknown`.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseCpe, valueText } from '../../matching/cpe.js';
import { parseVersionSpec, type VersionSpec } from '../../matching/ranges.js';
import { clean, CVE_RE, type Json } from '../json-access.js';
import type { AdvisoryVuln, AffectedRule, Cvss, FeedFormat, FeedRecord, NormalizedAdvisory } from '../types.js';

const ARRAYS = new Set(['Vulinfo', 'AffectedItem', 'VersionNumber', 'Cvss', 'RelatedItem', 'SolutionItem', 'item', 'references', 'cpe', 'cvss', 'HistoryItem', 'Cpe']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

/** Checks well-formedness; returns the first error with its line, or null. */
export function xmlError(text: string): { line: number; column: number; message: string } | null {
  const r = XMLValidator.validate(text);
  if (r === true) return null;
  return { line: r.err.line, column: r.err.col, message: r.err.msg };
}

export function parseXml(text: string): Json {
  return parser.parse(text) as Json;
}

const o = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const a = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const t = (v: unknown): string => clean(typeof v === 'string' ? v : typeof v === 'number' ? String(v) : typeof o(v)?.['#text'] === 'string' ? (o(v)!['#text'] as string) : '');
const attr = (v: unknown, name: string): string => clean(String(o(v)?.[`@${name}`] ?? ''));

function cvssOf(version: string, vector: string, score: string): Cvss | null {
  const s = Number(score);
  if (!vector || !Number.isFinite(s) || !(version === '2.0' || version === '3.0' || version === '3.1' || version === '4.0')) return null;
  return { version, vector, baseScore: s };
}

const vendorProduct = (cpe: string, fallbackVendor: string, fallbackProduct: string) => {
  try {
    const w = parseCpe(cpe);
    return { vendor: fallbackVendor || valueText(w.vendor) || '', product: fallbackProduct || valueText(w.product) || '', part: (w.part === 'a' || w.part === 'o' || w.part === 'h' ? w.part : undefined) as 'a' | 'o' | 'h' | undefined };
  } catch {
    return { vendor: fallbackVendor, product: fallbackProduct, part: undefined };
  }
};

const NOT_STATED: VersionSpec = { kind: 'unparsed', text: '(no version stated)' };

export const jvnVuldefFormat: FeedFormat = {
  id: 'jvn-vuldef',
  title: 'JVN iPedia VULDEF 3.x XML (MyJVN getVulnDetailInfo)',
  syntax: 'xml',
  sniff: (doc) => typeof doc === 'string' && /<VULDEF-Document\b/.test(doc.slice(0, 4000)),
  *parse(doc): Iterable<FeedRecord> {
    const root = o(parseXml(String(doc))['VULDEF-Document']);
    const list = a(root?.Vulinfo);
    for (let i = 0; i < list.length; i++) {
      const v = o(list[i]);
      const id = t(v?.VulinfoID);
      const data = o(v?.VulinfoData);
      if (!v || !/^JVNDB-\d{4}-\d+$/.test(id) || !data) {
        yield { kind: 'issue', pointer: `/VULDEF-Document/Vulinfo[${i + 1}]`, message: `entry without a JVNDB id${id ? `: ${id}` : ''}`, level: 'error' };
        continue;
      }
      const rules: AffectedRule[] = [];
      for (const item of a(o(data.Affected)?.AffectedItem)) {
        const ai = o(item);
        if (!ai) continue;
        const cpes = a(ai.Cpe).map(t).filter(Boolean);
        const versionTexts = a(ai.VersionNumber).map(t).filter(Boolean);
        const specs = versionTexts.length ? versionTexts.map((vt) => ({ spec: parseVersionSpec(vt), text: vt })) : [{ spec: NOT_STATED, text: '' }];
        for (const cpe of cpes.length ? cpes : ['']) {
          const vp = vendorProduct(cpe, t(ai.Name), t(ai.ProductName));
          for (const s of specs) rules.push({ ...vp, ...(cpe ? { cpe } : {}), status: 'affected', versions: s.spec, ...(s.text ? { versionText: s.text } : {}) });
        }
      }
      const cvss = a(o(data.Impact)?.Cvss)
        .map((c) => cvssOf(attr(c, 'version'), t(o(c)?.Vector), t(o(c)?.Base)))
        .filter((c): c is Cvss => c !== null);
      const related = a(o(data.Related)?.RelatedItem).map(o).filter((r): r is Json => !!r);
      const cves = [...new Set(related.map((r) => t(r.VulinfoID)).filter((x) => CVE_RE.test(x)))].sort();
      const cwes = [...new Set(related.filter((r) => attr(r, 'type') === 'cwe').map((r) => t(r.VulinfoID)).filter((x) => /^CWE-\d+$/.test(x)))];
      const remediations = a(o(data.Solution)?.SolutionItem).map((s) => ({ category: 'mitigation' as const, text: t(o(s)?.Description) })).filter((r) => r.text);
      const vulns: AdvisoryVuln[] = (cves.length ? cves : [null]).map((cve) => ({ cve, cwes, cvss, rules, remediations }));
      const advisory: NormalizedAdvisory = {
        source: { format: 'jvn-vuldef', id, url: `https://jvndb.jvn.jp/ja/contents/${id.slice(6, 10)}/${id}.html` },
        revision: t(data.DateLastUpdated) || null,
        title: t(data.Title) || id,
        summary: t(o(data.VulinfoDescription)?.Overview) || undefined,
        lang: attr(root, 'xml:lang') || 'ja',
        publishedAt: t(data.DateFirstPublished) || undefined,
        updatedAt: t(data.DateLastUpdated) || undefined,
        aliases: cves,
        vulnerabilities: vulns,
        references: related.map((r) => t(r.URL)).filter(Boolean),
        raw: v,
      };
      yield { kind: 'advisory', advisory };
    }
  },
};

export const jvnRssFormat: FeedFormat = {
  id: 'jvn-rss',
  title: 'JVNRSS 3.x overview list (MyJVN getVulnOverviewList)',
  syntax: 'xml',
  sniff: (doc) => typeof doc === 'string' && /<rdf:RDF\b/.test(doc.slice(0, 4000)) && doc.includes('jvn.jp/rss/mod_sec'),
  *parse(doc): Iterable<FeedRecord> {
    const root = o(parseXml(String(doc)).RDF);
    const items = a(root?.item);
    for (let i = 0; i < items.length; i++) {
      const it = o(items[i]);
      const id = t(it?.identifier);
      if (!it || !/^JVNDB-\d{4}-\d+$/.test(id)) {
        yield { kind: 'issue', pointer: `/rdf:RDF/item[${i + 1}]`, message: `item without a JVNDB identifier${id ? `: ${id}` : ''}`, level: 'warning' };
        continue;
      }
      const refs = a(it.references);
      const cves = [...new Set(refs.map((r) => attr(r, 'id')).filter((x) => CVE_RE.test(x)))].sort();
      const cwes = [...new Set(refs.map((r) => attr(r, 'id')).filter((x) => /^CWE-\d+$/.test(x)))];
      // The overview list names products but never versions: such a rule can only ever say "unknown".
      const rules: AffectedRule[] = a(it.cpe).map((c) => ({ ...vendorProduct(t(c), attr(c, 'vendor'), attr(c, 'product')), cpe: t(c), status: 'affected' as const, versions: { kind: 'unparsed' as const, text: '(JVNRSS lists no versions)' } }));
      const cvss = a(it.cvss)
        .map((c) => cvssOf(attr(c, 'version'), attr(c, 'vector'), attr(c, 'score')))
        .filter((c): c is Cvss => c !== null);
      yield {
        kind: 'advisory',
        advisory: {
          source: { format: 'jvn-rss', id, url: t(it.link) || undefined },
          revision: t(it.modified) || null,
          title: t(it.title) || id,
          summary: t(it.description) || undefined,
          lang: 'ja',
          publishedAt: t(it.issued) || undefined,
          updatedAt: t(it.modified) || undefined,
          aliases: cves,
          vulnerabilities: (cves.length ? cves : [null]).map((cve) => ({ cve, cwes, cvss, rules, remediations: [] })),
          references: refs.map(t).filter(Boolean),
          raw: it,
        },
      };
    }
  },
};
