// The advisory-format contract (design §4.5): pure parsers, document in, normalized records out. One
// deviation from the sketch in the design, on purpose: an advisory carries `vulnerabilities[]` (one per CVE,
// or one without a CVE) because CSAF and JVN give product status per CVE, and a version rule is a
// `VersionSpec` that keeps text we could not read (`unparsed`) instead of silently meaning "all versions".
import type { VersionSpec } from '../matching/ranges.js';

export const FEED_FORMAT_IDS = ['csaf-2.0', 'nvd-cve-2.0', 'cisa-kev', 'cisa-kev-csv', 'jvn-vuldef', 'jvn-rss', 'jvn-csaf'] as const;
export type FeedFormatId = (typeof FEED_FORMAT_IDS)[number];

export interface ParseContext {
  receivedAt: string;
  /** For messages only. */
  file?: string;
}

export interface FeedFormat {
  readonly id: FeedFormatId;
  readonly title: string;
  /** 'json' formats get the parsed document; 'xml' and 'csv' formats get the text. */
  readonly syntax: 'json' | 'xml' | 'csv';
  /** Cheap sniff for auto-detection. */
  sniff(doc: unknown): boolean;
  /** Pure: never fetches, never touches the DB. Bad items become `issue` records; the parse goes on. */
  parse(doc: unknown, ctx: ParseContext): Iterable<FeedRecord>;
}

export type FeedRecord =
  | { kind: 'advisory'; advisory: NormalizedAdvisory }
  | { kind: 'kev'; assertion: KevAssertion }
  | { kind: 'issue'; pointer: string; message: string; level: 'warning' | 'error' };

export interface Cvss {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  baseScore: number;
  source?: string;
}

export type RemediationCategory = 'vendor-fix' | 'mitigation' | 'workaround' | 'none-available' | 'no-fix-planned';
export interface Remediation {
  category: RemediationCategory;
  text: string;
  url?: string;
}

export type ProductStatus = 'affected' | 'fixed' | 'not-affected' | 'under-investigation';

/** One product as an advisory names it: names, identifiers and a version rule. */
export interface ProductRef {
  vendor: string;
  product: string;
  /** A part hint for name matching: 'h' hardware, 'o' firmware/OS, 'a' application. */
  part?: 'a' | 'o' | 'h';
  cpe?: string;
  purl?: string;
  modelNumbers?: string[];
  skus?: string[];
  serialNumbers?: string[];
  hashes?: string[];
  versions: VersionSpec;
  /** The version text exactly as the advisory wrote it. */
  versionText?: string;
}

export interface AffectedRule extends ProductRef {
  status: ProductStatus;
  /** CSAF product id (or NVD matchCriteriaId), for evidence. */
  ref?: string;
  /** Hardware + firmware pairs (CSAF relationships, JVN): the rule holds only when this platform matches too. */
  platform?: ProductRef;
}

/** NVD `configurations`: nested AND/OR nodes of cpeMatch entries (running-on/with included). */
export interface CpeMatchEntry {
  criteria: string;
  vulnerable: boolean;
  versions: VersionSpec;
  id?: string;
}
export interface ConfigNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  cpeMatch: CpeMatchEntry[];
  children: ConfigNode[];
}

export interface AdvisoryVuln {
  cve: string | null;
  title?: string;
  cwes: string[];
  cvss: Cvss[];
  rules: AffectedRule[];
  /** NVD: the configurations (OR of trees); when present, matching evaluates them instead of `rules`. */
  configurations?: ConfigNode[];
  remediations: Remediation[];
}

export interface NormalizedAdvisory {
  source: { format: FeedFormatId; id: string; url?: string };
  /** CSAF tracking version, NVD lastModified, JVN DateLastUpdated: a changed revision re-matches. */
  revision: string | null;
  title: string;
  summary?: string;
  lang?: string;
  publishedAt?: string;
  updatedAt?: string;
  /** CVE ids and other ids of the same issue. */
  aliases: string[];
  vulnerabilities: AdvisoryVuln[];
  references: string[];
  raw?: unknown;
}

export interface KevAssertion {
  asserter: 'cisa' | string;
  vulnId: string;
  vendor?: string;
  product?: string;
  name?: string;
  addedAt?: string;
  dueAt?: string;
  requiredAction?: string;
  /** null = the source did not say. */
  knownRansomware: boolean | null;
  catalogVersion?: string;
}
