// Row types of the advisory tables (migration 0003). JSON columns are TEXT; timestamps ISO strings.
import type { Generated } from 'kysely';

/** One advisory document as imported: CSAF (ICSA-…), NVD (CVE-…), JVN (JVNDB-…). id = `${format}:${source_id}`. */
export interface AdvisoriesTable {
  id: string;
  format: string;
  source_id: string;
  title: string;
  summary: string | null;
  lang: string | null;
  revision: string | null;
  published_at: string | null;
  updated_at: string | null;
  url: string | null;
  /** Where it came from: a file path, a ZIP member, a URL. */
  origin: string;
  /** When mamori received this revision. */
  fetched_at: string;
  first_seen: string;
  /** Hash of the normalized content: a re-import of identical content changes nothing. */
  content_hash: string;
  aliases: string;
  refs: string;
  /**
   * What the matcher is rebuilt from (formats/stored.ts): the normalized vulnerabilities, or for records of a
   * streamed NVD feed the record's own configurations with its CVE, CWE and CVSS.
   */
  data: string;
  /** The source document (or record) as received, for provenance; null for bulk imports. */
  raw: string | null;
}

export interface AdvisoryVulnsTable {
  advisory_id: string;
  /** The CVE, or the advisory's own id when it names none. */
  vuln_key: string;
  cve: string | null;
  title: string | null;
  cvss_version: string | null;
  cvss_vector: string | null;
  cvss_score: number | null;
  cvss: string;
  cwes: string;
}

export interface AdvisoryRulesTable {
  id: Generated<number>;
  advisory_id: string;
  vuln_key: string;
  status: string;
  vendor: string;
  product: string;
  cpe: string | null;
  version_text: string | null;
  /** The rule's version spec (JSON); the whole normalized rule is in advisories.data. */
  rule: string;
}

/** Migration 0007: a hashed match key (refStoreKeys / componentStoreKeys in the matcher) → advisory ids. */
export interface AdvisoryKeyPostingsTable {
  key: number;
  /** Advisory ids separated by single spaces. */
  advisory_ids: string;
}

export interface KevEntriesTable {
  cve: string;
  asserter: string;
  vendor: string | null;
  product: string | null;
  name: string | null;
  added_at: string | null;
  due_at: string | null;
  required_action: string | null;
  /** 1 known, 0 no, null not said. */
  known_ransomware: number | null;
  catalog_version: string | null;
  imported_at: string;
}

export interface AdvisoryMatchesTable {
  asset_id: string;
  advisory_id: string;
  vuln_key: string;
  cve: string | null;
  verdict: string;
  confidence: string;
  reasons: string;
  evidence: string;
  priority: number;
  priority_reasons: string;
  first_seen: string;
  /** When the verdict last changed (or the match appeared): "what's new since the last sync". */
  changed_at: string;
}

/** VEX-style user decisions: keyed by asset and vuln (CVE), not by advisory, so they survive re-syncs. */
export interface MatchDecisionsTable {
  asset_id: string;
  vuln_key: string;
  decision: string;
  reason: string;
  decided_by: string;
  decided_at: string;
  /** The verdict the user looked at; the decision holds while the outcome stays the same. */
  verdict_at_decision: string;
}

export interface FeedImportsTable {
  id: Generated<number>;
  at: string;
  origin: string;
  formats: string;
  advisories_new: number;
  advisories_updated: number;
  advisories_unchanged: number;
  kev_entries: number;
  matches_changed: number;
}

export interface AssetMatchStateTable {
  asset_id: string;
  matched_at: string;
}

export interface AdvisoryTables {
  asset_match_state: AssetMatchStateTable;
  advisories: AdvisoriesTable;
  advisory_vulns: AdvisoryVulnsTable;
  advisory_rules: AdvisoryRulesTable;
  advisory_key_postings: AdvisoryKeyPostingsTable;
  kev_entries: KevEntriesTable;
  advisory_matches: AdvisoryMatchesTable;
  match_decisions: MatchDecisionsTable;
  feed_imports: FeedImportsTable;
}
