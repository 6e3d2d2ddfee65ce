// The stored form of a streamed NVD record's `configurations`: what the matcher reads of them and nothing else,
// as nested arrays, with each CPE name's hashed store keys beside it. A full match of a big inventory loads tens
// of thousands of records; this form is about half the bytes of the feed's own objects to read and parse, and
// the keys let the matcher leave the entries that name a product absent from the inventory uncompiled.
//
//   node  = [op, negate, entries, children]     op: 0 OR, 1 AND; negate: 0 | 1 (a configuration is a node too)
//   entry = [criteria, flags, startIncluding, startExcluding, endIncluding, endExcluding, ...keys]
//           flags: 1 vulnerable, 2 plain (a CPE name parseCpe cannot refuse: plainCpe); bounds: string | null
import { cpeStoreKeys, DistinctKeys, plainCpe } from '../../matching/matcher.js';

export type CompactEntry = [criteria: string, flags: number, startIncluding: string | null, startExcluding: string | null, endIncluding: string | null, endExcluding: string | null, ...keys: number[]];
export type CompactNode = [op: 0 | 1, negate: 0 | 1, entries: CompactEntry[], children: CompactNode[]];

export const VULNERABLE = 1;
export const PLAIN = 2;
/** Index of an entry's first key. */
export const KEYS_AT = 6;

export interface Compacted {
  /** The configurations, each a node whose children are its nodes. */
  configs: CompactNode[];
  /** Hashed store keys of every entry, distinct. */
  keys: number[];
  /** Some criteria is not plain: parseCpe has the last word on it (and may refuse it). */
  irregular: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A record's raw `configurations` → the compact form. Keeps exactly what compiling reads (matcher: compileCompact;
 * it drops the same nodes and entries the normalized reading does, tested): configurations with a `nodes` array,
 * records among nodes and entries, entries with a non-empty criteria string; AND only when the feed says AND.
 */
export function compactConfigurations(configurations: unknown): Compacted {
  const acc: Acc = { keys: new DistinctKeys(), irregular: false };
  const configs: CompactNode[] = [];
  if (Array.isArray(configurations)) {
    for (const cfg of configurations) {
      if (!isRecord(cfg) || !Array.isArray(cfg.nodes)) continue;
      const children: CompactNode[] = [];
      for (const n of cfg.nodes) if (isRecord(n)) children.push(compactNode(n, acc));
      configs.push([cfg.operator === 'AND' ? 1 : 0, cfg.negate === true ? 1 : 0, [], children]);
    }
  }
  return { configs, keys: acc.keys.list, irregular: acc.irregular };
}

interface Acc {
  keys: DistinctKeys;
  irregular: boolean;
}

/**
 * An entry as one array of its final length (pushing the keys onto a literal of six grew it to 25 slots: 750,000
 * entries in a whole-NVD ingest).
 */
function entry(criteria: string, flags: number, si: string | null, se: string | null, ei: string | null, ee: string | null, keys: readonly number[]): CompactEntry {
  switch (keys.length) {
    case 0:
      return [criteria, flags, si, se, ei, ee];
    case 1:
      return [criteria, flags, si, se, ei, ee, keys[0]!];
    case 2:
      return [criteria, flags, si, se, ei, ee, keys[0]!, keys[1]!];
    case 3:
      return [criteria, flags, si, se, ei, ee, keys[0]!, keys[1]!, keys[2]!];
    default:
      return [criteria, flags, si, se, ei, ee, ...keys];
  }
}

function compactNode(n: Record<string, unknown>, acc: Acc): CompactNode {
  const entries: CompactEntry[] = [];
  if (Array.isArray(n.cpeMatch)) {
    for (const m of n.cpeMatch) {
      if (!isRecord(m)) continue;
      const criteria = m.criteria;
      if (typeof criteria !== 'string' || criteria === '') continue;
      const keys = cpeStoreKeys(criteria);
      const plain = plainCpe(criteria);
      if (!plain) acc.irregular = true;
      const e = entry(criteria, (m.vulnerable !== false ? VULNERABLE : 0) | (plain ? PLAIN : 0), strOrNull(m.versionStartIncluding), strOrNull(m.versionStartExcluding), strOrNull(m.versionEndIncluding), strOrNull(m.versionEndExcluding), keys);
      for (const k of keys) acc.keys.add(k);
      entries.push(e);
    }
  }
  const children: CompactNode[] = [];
  if (Array.isArray(n.children)) for (const c of n.children) if (isRecord(c)) children.push(compactNode(c, acc));
  return [n.operator === 'AND' ? 1 : 0, n.negate === true ? 1 : 0, entries, children];
}

/** The compact form → configurations shaped as the feed writes them (for the normalized reading: nvdStoredVulns). */
export function expandConfigurations(configs: readonly CompactNode[]): unknown[] {
  return configs.map(([op, negate, , nodes]) => ({ operator: op ? 'AND' : 'OR', negate: negate === 1, nodes: nodes.map(expandNode) }));
}

function expandNode([op, negate, entries, children]: CompactNode): Record<string, unknown> {
  return {
    operator: op ? 'AND' : 'OR',
    negate: negate === 1,
    cpeMatch: entries.map((e) => {
      const m: Record<string, unknown> = { vulnerable: (e[1] & VULNERABLE) !== 0, criteria: e[0] };
      if (e[2] !== null) m.versionStartIncluding = e[2];
      if (e[3] !== null) m.versionStartExcluding = e[3];
      if (e[4] !== null) m.versionEndIncluding = e[4];
      if (e[5] !== null) m.versionEndExcluding = e[5];
      return m;
    }),
    children: children.map(expandNode),
  };
}

/** Distinct store keys of a compact form. */
export function compactKeys(configs: readonly CompactNode[]): number[] {
  const keys = new Set<number>();
  const walk = (n: CompactNode) => {
    for (const e of n[2]) for (let i = KEYS_AT; i < e.length; i++) keys.add(e[i] as number);
    n[3].forEach(walk);
  };
  configs.forEach(walk);
  return [...keys];
}
