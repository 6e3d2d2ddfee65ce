// CPE 2.3 names (NISTIR 7695 naming, 7696 matching). Formatted strings `cpe:2.3:part:vendor:...` split on
// unescaped colons; `\` quotes the next character (`webaccess\/scada`, `12.6\(1\)`); a bare `*` is ANY,
// `-` is NA, and an unquoted `*`/`?` inside a value is a wildcard. CPE 2.2 URIs (`cpe:/a:vendor:product:1.0`,
// percent-encoded, as JVN uses) are read into the same WFN. Values are kept unquoted and lower-cased.

export const CPE_ATTRS = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;
export type CpeAttr = (typeof CPE_ATTRS)[number];

export const ANY = Symbol('ANY');
export const NA = Symbol('NA');
/** A value: ANY, NA, or a string that may hold unquoted wildcards (kept as `\u0000*` / `\u0000?` markers). */
export type WfnValue = typeof ANY | typeof NA | string;
export type Wfn = Record<CpeAttr, WfnValue>;

const WILD_ANY = '\u0000*';
const WILD_ONE = '\u0000?';

export class CpeParseError extends Error {}

export function parseCpe(text: string): Wfn {
  const s = text.trim();
  if (/^cpe:2\.3:/i.test(s)) return parseFormatted(s);
  if (/^cpe:\/[aho]?/i.test(s)) return parseUri(s);
  throw new CpeParseError(`not a CPE name: ${JSON.stringify(s.slice(0, 80))}`);
}

const parsedMemo = new Map<string, Wfn | CpeParseError>();
/** parseCpe, memoized (NVD repeats the same names across records). The result is shared: never mutate it. */
export function parseCpeCached(text: string): Wfn {
  let w = parsedMemo.get(text);
  if (w === undefined) {
    if (parsedMemo.size > 200_000) parsedMemo.clear();
    try {
      w = parseCpe(text);
    } catch (e) {
      if (!(e instanceof CpeParseError)) throw e;
      w = e;
    }
    parsedMemo.set(text, w);
  }
  if (w instanceof CpeParseError) throw w;
  return w;
}

export function tryParseCpe(text: string): Wfn | null {
  try {
    return parseCpe(text);
  } catch {
    return null;
  }
}

function parseFormatted(s: string): Wfn {
  const fields: string[] = [];
  let cur = '';
  for (let i = 'cpe:2.3:'.length; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') {
      if (i + 1 >= s.length) throw new CpeParseError(`dangling escape in ${s}`);
      cur += ch + s[++i]!;
    } else if (ch === ':') {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  if (fields.length !== 11) throw new CpeParseError(`a CPE 2.3 name has 11 components, got ${fields.length}: ${s}`);
  const wfn = {} as Wfn;
  CPE_ATTRS.forEach((a, i) => (wfn[a] = fsValue(fields[i]!)));
  if (typeof wfn.part === 'string' && !/^[aho]$/.test(wfn.part)) throw new CpeParseError(`CPE part must be a, o or h: ${s}`);
  return wfn;
}

function fsValue(v: string): WfnValue {
  if (v === '*' || v === '') return ANY;
  if (v === '-') return NA;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '\\') out += v[++i] ?? '';
    else if (ch === '*') out += WILD_ANY;
    else if (ch === '?') out += WILD_ONE;
    else out += ch;
  }
  return out.toLowerCase();
}

function parseUri(s: string): Wfn {
  const parts = s.slice('cpe:/'.length).split(':');
  const wfn = {} as Wfn;
  for (const a of CPE_ATTRS) wfn[a] = ANY;
  const uri: CpeAttr[] = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language'];
  uri.forEach((a, i) => {
    const raw = parts[i];
    if (raw === undefined || raw === '') return;
    if (raw === '-') {
      wfn[a] = NA;
      return;
    }
    let v: string;
    try {
      v = decodeURIComponent(raw);
    } catch {
      v = raw;
    }
    wfn[a] = v.toLowerCase();
  });
  // CPE 2.2 packs the 2.3 extended attributes in the edition: ~edition~sw_edition~target_sw~target_hw~other
  if (typeof wfn.edition === 'string' && wfn.edition.startsWith('~')) {
    const [, ed, sw, tsw, thw, oth] = wfn.edition.split('~');
    const set = (a: CpeAttr, v: string | undefined) => (wfn[a] = v === undefined || v === '' ? ANY : v === '-' ? NA : v);
    set('edition', ed);
    set('swEdition', sw);
    set('targetSw', tsw);
    set('targetHw', thw);
    set('other', oth);
  }
  return wfn;
}

function fsEscape(v: WfnValue): string {
  if (v === ANY) return '*';
  if (v === NA) return '-';
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '\u0000') {
      out += v[++i];
      continue;
    }
    out += /[A-Za-z0-9_]/.test(ch) ? ch : `\\${ch}`;
  }
  return out;
}

export function formatCpe(wfn: Wfn): string {
  return `cpe:2.3:${CPE_ATTRS.map((a) => fsEscape(wfn[a])).join(':')}`;
}

export const valueText = (v: WfnValue): string | null => (v === ANY || v === NA ? null : v.replace(/\u0000/g, ''));

/** NISTIR 7696 attribute relation from the point of view of the source (the advisory's pattern). */
export type Relation = 'equal' | 'superset' | 'subset' | 'disjoint';

export function compareAttr(source: WfnValue, target: WfnValue): Relation {
  if (source === ANY) return target === ANY ? 'equal' : 'superset';
  if (target === ANY) return 'subset';
  if (source === NA || target === NA) return source === target ? 'equal' : 'disjoint';
  if (source.includes('\u0000')) return wildcardRegex(source).test(target.replace(/\u0000/g, '')) ? 'superset' : 'disjoint';
  return source === target ? 'equal' : 'disjoint';
}

const regexCache = new Map<string, RegExp>();
function wildcardRegex(v: string): RegExp {
  let re = regexCache.get(v);
  if (!re) {
    const body = v
      .split(/(\u0000[*?])/)
      .map((p) => (p === WILD_ANY ? '.*' : p === WILD_ONE ? '.' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`);
    regexCache.set(v, re);
  }
  return re;
}

/** CPE name matching: the source (pattern) is a superset of, or equal to, the target in every attribute. */
export function cpeMatches(source: Wfn, target: Wfn, attrs: readonly CpeAttr[] = CPE_ATTRS): boolean {
  return attrs.every((a) => {
    const r = compareAttr(source[a], target[a]);
    return r === 'equal' || r === 'superset';
  });
}

/** The same product: part, vendor and product agree (ANY on either side agrees). */
export function sameProduct(a: Wfn, b: Wfn): boolean {
  return (['part', 'vendor', 'product'] as const).every((k) => compareAttr(a[k], b[k]) !== 'disjoint');
}

export function wfn(part: 'a' | 'o' | 'h', vendor: string, product: string, version?: string | null, update?: string | null): Wfn {
  const w = {} as Wfn;
  for (const a of CPE_ATTRS) w[a] = ANY;
  w.part = part;
  w.vendor = vendor.toLowerCase();
  w.product = product.toLowerCase();
  if (version) w.version = version.toLowerCase();
  if (update) w.update = update.toLowerCase();
  return w;
}
