// Version ranges as advisories write them, turned into intervals: CSAF product_version_range free text
// ("< V5.5.0", ">= V8.70 < V9.30", ">=5.0|<7.17.0.0", "All versions < V18 Update 3", "<4.x"), `vers:` ranges
// (vers:generic/>=1.0|<2.0, vers:all/*), NVD bounds (versionStart/EndIncluding/Excluding) and JVN's Japanese
// phrases (「1.2.0 以上 1.3.0 未満」「7.6.2より前のバージョン」「v6 R4 およびそれ以前」「すべてのバージョン」).
// What cannot be read ("<April/20/2023") stays `unparsed` and every comparison against it is `unknown`.
import { compareParsed, hasPrefix, parseVersion, type ParsedVersion } from './versions.js';

export interface Bound {
  version: string;
  inclusive: boolean;
}
export type VersionRange =
  | { exact: string; prefix?: boolean }
  | { from?: Bound; to?: Bound };

export type VersionSpec =
  | { kind: 'all' }
  | { kind: 'ranges'; ranges: VersionRange[] }
  | { kind: 'unparsed'; text: string };

/** in: inside a range; above: past the end of a range and inside none (the fixed side); out: elsewhere; unknown: cannot tell. */
export type RangeResult = 'in' | 'out' | 'above' | 'unknown';

const ALL_PHRASES = /^(?:\*|all|all versions?|any|any versions?|every version|すべてのバージョン|全てのバージョン|全バージョン|すべて|全て)$/i;

type Op = '<' | '<=' | '>' | '>=' | '=';
interface Constraint {
  op: Op;
  version: string;
}

/** Japanese and English phrases rewritten into operator form before parsing. Order matters: longer first. */
const PHRASES: [RegExp, string][] = [
  [/(\S+?)\s*(?:および|及び)?それ以前(?:のバージョン)?/g, '<=$1 '],
  [/(\S+?)\s*(?:および|及び)?それ以降(?:のバージョン)?/g, '>=$1 '],
  [/(\S+?)\s*より前(?:のバージョン)?/g, '<$1 '],
  [/(\S+?)\s*(?:より後|超)(?:のバージョン)?/g, '>$1 '],
  [/(\S+?)\s*以前(?:のバージョン)?/g, '<=$1 '],
  [/(\S+?)\s*以降(?:のバージョン)?/g, '>=$1 '],
  [/(\S+?)\s*以上/g, '>=$1 '],
  [/(\S+?)\s*以下/g, '<=$1 '],
  [/(\S+?)\s*未満/g, '<$1 '],
  [/\b(?:prior to|before|older than|earlier than)\s+/gi, '<'],
  [/\b(?:up to and including|through|up to)\s+/gi, '<='],
  [/\b(?:from|since|starting with)\s+/gi, '>='],
  [/(\S+)\s+(?:and|or)\s+(?:earlier|prior|older|below|lower)\b/gi, '<=$1 '],
  [/(\S+)\s+(?:and|or)\s+(?:later|newer|above|higher)\b/gi, '>=$1 '],
];

/** Normalizes a version token of a range: "V18 Update 3" keeps its counter, "4.x" becomes a prefix. */
function constraintsOf(text: string): Constraint[] | null {
  const re = /(<=|>=|==|=|<|>|≤|≥)\s*([^<>=≤≥|,;]+?)(?=\s*(?:<=|>=|==|=|<|>|≤|≥|\||,|;|\band\b|$))/g;
  const out: Constraint[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const raw = m[1]!;
    const op: Op = raw === '≤' ? '<=' : raw === '≥' ? '>=' : raw === '==' ? '=' : (raw as Op);
    out.push({ op, version: m[2]!.trim() });
  }
  if (out.length === 0) return null;
  // Anything left besides separators means we did not understand the text.
  const rest = text.replace(re, '').replace(/[|,;\s]|\band\b/g, '');
  if (rest !== '') return null;
  return out;
}

export function parseVersionSpec(input: string | null | undefined): VersionSpec {
  if (input === null || input === undefined) return { kind: 'all' };
  let text = input.normalize('NFKC').replace(/[\u200b\u00a0]/g, ' ').trim();
  if (text === '') return { kind: 'all' };
  const vers = /^vers:[a-z0-9.+-]+\/(.*)$/i.exec(text);
  if (vers) {
    text = vers[1]!.trim();
    if (text === '*' || text === '') return { kind: 'all' };
  }
  if (ALL_PHRASES.test(text)) return { kind: 'all' };
  // "All versions < V18 Update 3", "versions prior to 2.1", "(CVE-2025-0355)" notes are not part of the range.
  text = text.replace(/[（(]\s*CVE-\d{4}-\d+(?:\s*[、,]\s*CVE-\d{4}-\d+)*\s*[)）]/gi, '');
  text = text.replace(/^(?:all\s+)?(?:versions?|ver\.?)\s*(?=[<>=≤≥]|prior|before|from|up)/i, '').trim();
  text = text.replace(/^all\s+(?=[<>=≤≥])/i, '').trim();
  text = text.replace(/^(?:ファームウェア|ソフトウェア|firmware|software)\s*/i, '');
  // JVN's "v6 R4" is version 6 revision 4.
  text = text.replace(/\bv(\d+)\s+r(\d+)\b/gi, '$1.$2');
  for (const [re, rep] of PHRASES) text = text.replace(re, rep);
  text = text.replace(/の?バージョン/g, ' ').replace(/\s+/g, ' ').trim();
  const constraints = constraintsOf(text);
  if (!constraints && text.includes('|')) {
    // "5.17.00 | 5.17.01": a list of exact versions.
    const specs = text.split('|').map((t) => exactSpec(t.trim(), input));
    if (specs.every((x) => x.kind === 'ranges')) return { kind: 'ranges', ranges: specs.flatMap((x) => (x.kind === 'ranges' ? x.ranges : [])) };
    return { kind: 'unparsed', text: input };
  }
  if (!constraints) {
    if (/^[^\s<>=]+$/.test(text) || /^(?:v|ver\.?\s*)?\d[\w.()\-]*(?:\s+(?:update|sp|build|patch|r)\s*\d+)?$/i.test(text)) return exactSpec(text, input);
    return { kind: 'unparsed', text: input };
  }
  const ranges = intervals(constraints);
  if (!ranges) return { kind: 'unparsed', text: input };
  for (const r of ranges) for (const v of versionsOf(r)) if (!parseVersion(stripWildcard(v))) return { kind: 'unparsed', text: input };
  return { kind: 'ranges', ranges };
}

function exactSpec(text: string, input: string): VersionSpec {
  const wildcard = /\.(?:x|\*)$/i.test(text);
  const v = stripWildcard(text);
  if (!parseVersion(v)) return { kind: 'unparsed', text: input };
  return { kind: 'ranges', ranges: [wildcard ? { exact: v, prefix: true } : { exact: v }] };
}

const stripWildcard = (v: string) => v.replace(/\.(?:x|\*)$/i, '');
const versionsOf = (r: VersionRange): string[] =>
  'exact' in r ? [r.exact] : [r.from?.version, r.to?.version].filter((x): x is string => x !== undefined);

/** Lower bounds open an interval and upper bounds close it (vers semantics; CISA writes ">=5.0|<7.17"). */
function intervals(cs: Constraint[]): VersionRange[] | null {
  const out: VersionRange[] = [];
  let from: Bound | undefined;
  for (const c of cs) {
    const version = stripWildcard(c.version);
    if (c.op === '=') {
      if (from) out.push({ from });
      from = undefined;
      out.push({ exact: version });
    } else if (c.op === '>' || c.op === '>=') {
      if (from) out.push({ from });
      from = { version, inclusive: c.op === '>=' };
    } else {
      out.push({ ...(from ? { from } : {}), to: { version, inclusive: c.op === '<=' } });
      from = undefined;
    }
  }
  if (from) out.push({ from });
  return out.length ? out : null;
}

/** Builds a spec from NVD's cpeMatch bounds; undefined bounds mean open. */
export function specFromBounds(b: { startIncluding?: string; startExcluding?: string; endIncluding?: string; endExcluding?: string }): VersionSpec {
  const from = b.startIncluding !== undefined ? { version: b.startIncluding, inclusive: true } : b.startExcluding !== undefined ? { version: b.startExcluding, inclusive: false } : undefined;
  const to = b.endIncluding !== undefined ? { version: b.endIncluding, inclusive: true } : b.endExcluding !== undefined ? { version: b.endExcluding, inclusive: false } : undefined;
  if (!from && !to) return { kind: 'all' };
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return versionsOf(range).every((v) => parseVersion(v)) ? { kind: 'ranges', ranges: [range] } : { kind: 'unparsed', text: JSON.stringify(b) };
}

export function inSpec(version: string | null | undefined, spec: VersionSpec): RangeResult {
  if (spec.kind === 'all') return 'in';
  if (spec.kind === 'unparsed') return 'unknown';
  const v = parseVersion(version);
  if (!v) return 'unknown';
  // Release branches: past the end of one range and inside none means that branch's fix is in
  // (">=1.0 <1.5 | >=2.0 <2.3": 1.6 is fixed, 0.9 is not affected).
  let past = false;
  for (const r of spec.ranges) {
    const res = inRange(v, r);
    if (res === 'in') return 'in';
    if (res === 'above') past = true;
  }
  return past ? 'above' : 'out';
}

function inRange(v: ParsedVersion, r: VersionRange): RangeResult {
  if ('exact' in r) {
    const e = parseVersion(r.exact)!;
    return (r.prefix ? hasPrefix(v, e) : compareParsed(v, e) === 0) ? 'in' : 'out';
  }
  if (r.from) {
    const c = compareParsed(v, parseVersion(r.from.version)!);
    if (c < 0 || (c === 0 && !r.from.inclusive)) return 'out';
  }
  if (r.to) {
    const c = compareParsed(v, parseVersion(r.to.version)!);
    if (c > 0 || (c === 0 && !r.to.inclusive)) return 'above';
  }
  return 'in';
}

/** Human form for evidence: ">= 8.70, < 9.30". Specs are never changed once built: cached per spec object. */
const described = new WeakMap<VersionSpec, string>();
export function describeSpec(spec: VersionSpec): string {
  if (spec.kind === 'all') return 'all versions';
  let text = described.get(spec);
  if (text === undefined) described.set(spec, (text = describeSpecUncached(spec)));
  return text;
}
function describeSpecUncached(spec: Exclude<VersionSpec, { kind: 'all' }>): string {
  if (spec.kind === 'unparsed') return `"${spec.text}" (not understood)`;
  return spec.ranges
    .map((r) => ('exact' in r ? `${r.prefix ? '' : '= '}${r.exact}${r.prefix ? '.x' : ''}` : [r.from && `${r.from.inclusive ? '>=' : '>'} ${r.from.version}`, r.to && `${r.to.inclusive ? '<=' : '<'} ${r.to.version}`].filter(Boolean).join(', ')))
    .join(' | ');
}
