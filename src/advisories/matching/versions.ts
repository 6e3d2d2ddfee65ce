// Version comparison for the strings vendors and users really write: "V2.9.4", "4.2.1 build 1234", "R07",
// "1.0(3)SE", "V18 Update 3", "1.0.2k", "1.0-rc1", full-width digits. A version is a list of segments;
// numbers compare numerically, pre-release words sort below a release, other letters sort above a missing
// segment (OpenSSL "1.0.2k" > "1.0.2"). A string that does not start with a digit (after a prefix such as
// "V", "Ver.", "R", "FW") is not a version we can order ("April/20/2023", "all"), and comparisons with it
// answer null: the caller turns that into an `unknown` verdict, never a guess.

export type Segment = number | string;

export interface ParsedVersion {
  readonly raw: string;
  readonly segments: readonly Segment[];
}

// Pre-release words map to negative numbers so they sort below 0 (= a missing segment).
const PRE_RELEASE: Record<string, number> = { dev: -5, alpha: -4, a: -4, beta: -3, b: -3, pre: -2, preview: -2, rc: -1 };
// Words that only separate a more detailed counter: "build 1234", "Update 3", "SP1", "patch 2", "HF1".
const SEPARATOR_WORDS = new Set(['u', 'p', 'r', 'release']);
const PREFIX = /^(?:version|ver\.?|rev\.?|release|firmware|fw|v|r)\s*(?=\d)/i;

export function normalizeVersionText(raw: string): string {
  return raw.normalize('NFKC').trim();
}

// Versions repeat massively across an inventory and a feed: parse each distinct string once.
const memo = new Map<string, ParsedVersion | null>();

export function parseVersion(raw: string | null | undefined): ParsedVersion | null {
  if (raw === null || raw === undefined) return null;
  const hit = memo.get(raw);
  if (hit !== undefined) return hit;
  const v = parseUncached(raw);
  if (memo.size > 200_000) memo.clear();
  memo.set(raw, v);
  return v;
}

function parseUncached(raw: string): ParsedVersion | null {
  let s = normalizeVersionText(raw).toLowerCase();
  if (s === '' || s === '*' || s === '-') return null;
  s = s.replace(PREFIX, '');
  if (!/^\d/.test(s)) return null;
  // Spelled-out counters become plain separators before tokenizing: "4.2.1 build 1234" → 4.2.1.1234.
  s = s.replace(/\s*\b(?:build|update|upd|service\s*pack|sp|patch|hotfix|hf|revision|rev)\b\.?\s*(?=\d)/g, '.');
  const tokens = s.match(/\d+|[a-z]+/g) ?? [];
  const segments: Segment[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/^\d/.test(t)) {
      segments.push(t.length > 15 ? Number.MAX_SAFE_INTEGER : Number(t));
      continue;
    }
    const next = tokens[i + 1];
    const followedByNumber = next !== undefined && /^\d/.test(next);
    // "1.0b2", "1.0-beta", "2.0rc1": pre-releases sort below the release.
    if (t in PRE_RELEASE && (followedByNumber || i === tokens.length - 1)) {
      segments.push(PRE_RELEASE[t]!);
      continue;
    }
    if (SEPARATOR_WORDS.has(t) && followedByNumber) continue;
    segments.push(t);
  }
  // Trailing zeros are insignificant ("1.0" == "1.0.0"), but keep at least one segment.
  while (segments.length > 1 && segments[segments.length - 1] === 0) segments.pop();
  return { raw, segments };
}

function compareSegment(a: Segment | undefined, b: Segment | undefined): number {
  const x = a ?? 0;
  const y = b ?? 0;
  if (typeof x === 'number' && typeof y === 'number') return x === y ? 0 : x < y ? -1 : 1;
  if (typeof x === 'string' && typeof y === 'string') return x === y ? 0 : x < y ? -1 : 1;
  // A letter suffix is later than nothing (1.0.2k > 1.0.2) but earlier than a further number (1.0.2k < 1.0.2.1).
  if (typeof x === 'string') return (y as number) > 0 ? -1 : 1;
  return (x as number) > 0 ? 1 : -1;
}

export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegment(a.segments[i], b.segments[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** -1, 0, 1, or null when either side is not an orderable version. */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return null;
  return compareParsed(pa, pb);
}

/** True when `prefix`'s segments start `version`'s ("4" is a prefix of "4.2.1"; used for "4.x"). */
export function hasPrefix(version: ParsedVersion, prefix: ParsedVersion): boolean {
  return prefix.segments.every((s, i) => compareSegment(version.segments[i], s) === 0);
}
