// The store keeps each advisory's matching data in one JSON column (advisories.data), in one of two forms:
// normalized vulnerabilities (CSAF, JVN, NVD documents read whole) or, for records of a streamed NVD feed, the
// record's configurations (compact: nvd-compact.ts) with its CVE, CWE and CVSS (the matcher compiles them
// straight from that form: addStored; nvdStoredVulns is the normalized equivalent, for everything else and for
// the tests).
import type { AdvisoryVuln, Cvss } from './types.js';
import { nvdStoredVulns, storedConfigs, type NvdStoredData } from './nvd/nvd.format.js';
import { compactKeys } from './nvd/nvd-compact.js';
import { configStoreKeys, storedKeys, type AdvisoryIndex } from '../matching/matcher.js';

export function decodeStoredVulns(data: string): AdvisoryVuln[] {
  const d = JSON.parse(data) as AdvisoryVuln[] | NvdStoredData;
  return Array.isArray(d) ? d : nvdStoredVulns(d);
}

/**
 * Adds a stored advisory to a matcher index: a streamed NVD record is compiled straight from its stored
 * configurations (same entries as decodeStoredVulns + add, without the normalized trees in between).
 */
export function addStored(index: AdvisoryIndex, id: string, data: string): void {
  const d = JSON.parse(data) as AdvisoryVuln[] | NvdStoredData;
  if (Array.isArray(d)) index.add(id, { vulnerabilities: d });
  else index.addNvdRecord(id, d.cve, storedConfigs(d));
}

/** CVE and CVSS of each stored vulnerability, without normalizing configurations (priorities need no more). */
export function storedCvss(data: string): { cve: string | null; cvss: Cvss[] }[] {
  const d = JSON.parse(data) as AdvisoryVuln[] | NvdStoredData;
  return Array.isArray(d) ? d.map((v) => ({ cve: v.cve, cvss: v.cvss })) : [{ cve: d.cve, cvss: d.cvss }];
}

/** The match keys an advisory was stored with (a streamed NVD record's are those of its configurations, as at ingest). */
export function storedDataKeys(data: string): number[] {
  const d = JSON.parse(data) as AdvisoryVuln[] | NvdStoredData;
  if (Array.isArray(d)) return storedKeys({ vulnerabilities: d });
  return d.nvd === 2 ? compactKeys(d.configs) : configStoreKeys(d.configurations);
}
