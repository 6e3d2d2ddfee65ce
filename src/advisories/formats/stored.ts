// The store keeps each advisory's matching data in one JSON column (advisories.data), in one of two forms:
// normalized vulnerabilities (CSAF, JVN, NVD documents read whole) or, for records of a streamed NVD feed,
// the record's own `configurations` with its CVE, CWE and CVSS (the matcher compiles them straight from that form:
// addStored; nvdStoredVulns is the normalized equivalent, for everything else and for the tests).
import type { AdvisoryVuln, Cvss } from './types.js';
import { nvdStoredVulns, type NvdStoredData } from './nvd/nvd.format.js';
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
  else index.addNvdRecord(id, d.cve, d.configurations);
}

/** CVE and CVSS of each stored vulnerability, without normalizing configurations (priorities need no more). */
export function storedCvss(data: string): { cve: string | null; cvss: Cvss[] }[] {
  const d = JSON.parse(data) as AdvisoryVuln[] | NvdStoredData;
  return Array.isArray(d) ? d.map((v) => ({ cve: v.cve, cvss: v.cvss })) : [{ cve: d.cve, cvss: d.cvss }];
}

/** The match keys an advisory was stored with (a streamed NVD record's come from its raw configurations, as at ingest). */
export function storedDataKeys(data: string): number[] {
  const d = JSON.parse(data) as AdvisoryVuln[] | NvdStoredData;
  return Array.isArray(d) ? storedKeys({ vulnerabilities: d }) : configStoreKeys(d.configurations);
}
