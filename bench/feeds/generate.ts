// Synthetic, deterministic data for the feeds benchmark (never committed: written under /tmp).
// - An NVD CVE API 2.0-shaped feed: {"resultsPerPage":…, "vulnerabilities":[{"cve":{…}}, …]}, records shaped
//   like the real ones in shared/data/nvd (descriptions, CVSS v3.1 + v2 metrics, weaknesses, references,
//   configurations with ~3 cpeMatch entries: plain OR lists with version bounds, and firmware-AND-hardware
//   "running on" pairs), about 2.6 KB a record → ≈650 MB for 250,000 CVEs.
// - An inventory in which identical devices repeat (as in real plants): device types × firmware variants,
//   each type with its own services, drawn from the same vendor/product vocabulary so matches happen.
import { createWriteStream } from 'node:fs';
import type { MatchAsset } from '../../src/advisories/matching/components.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Real NVD names roughly 30k vendors and well over 100k products; 8,000 × 10 keeps the synthetic feed denser than that.
export const VENDORS = 8000;
export const PRODUCTS_PER_VENDOR = 10;
export const vendorName = (v: number) => `vendor${String(v).padStart(4, '0')}`;
export const productName = (v: number, p: number) => `prod${String(v).padStart(4, '0')}_${String(p).padStart(2, '0')}`;

const WORDS = 'buffer overflow in the web interface allows remote attackers to execute arbitrary code via a crafted request to the management service improper input validation authentication bypass denial of service memory corruption path traversal'.split(' ');

function cveRecord(i: number, r: () => number): object {
  const id = `CVE-${2000 + (i % 25)}-${String(100000 + i).padStart(6, '0')}`;
  const v = Math.floor(r() * VENDORS);
  const vendor = vendorName(v);
  const major = 1 + Math.floor(r() * 9);
  const minor = Math.floor(r() * 20);
  const desc = Array.from({ length: 45 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  let configurations: object[];
  if (r() < 0.4) {
    const p = Math.floor(r() * PRODUCTS_PER_VENDOR);
    configurations = [{ operator: 'AND', nodes: [
      { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: `cpe:2.3:o:${vendor}:${productName(v, p)}_firmware:*:*:*:*:*:*:*:*`, versionEndExcluding: `${major}.${minor}.0`, matchCriteriaId: `M${i}A` }] },
      { operator: 'OR', negate: false, cpeMatch: [
        { vulnerable: false, criteria: `cpe:2.3:h:${vendor}:${productName(v, p)}:-:*:*:*:*:*:*:*`, matchCriteriaId: `M${i}B` },
        { vulnerable: false, criteria: `cpe:2.3:h:${vendor}:${productName(v, (p + 1) % PRODUCTS_PER_VENDOR)}:-:*:*:*:*:*:*:*`, matchCriteriaId: `M${i}C` },
      ] },
    ] }];
  } else {
    configurations = [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [0, 1, 2].map((k) => {
      const p = Math.floor(r() * PRODUCTS_PER_VENDOR);
      return { vulnerable: true, criteria: `cpe:2.3:a:${vendor}:${productName(v, p)}:*:*:*:*:*:*:*:*`, versionStartIncluding: `${major}.0`, versionEndExcluding: `${major}.${minor + k}.${k}`, matchCriteriaId: `M${i}${k}` };
    }) }] }];
  }
  const score = Math.round((2 + r() * 8) * 10) / 10;
  return {
    id, sourceIdentifier: 'cve@mitre.org', published: '2023-05-01T12:00:00.000', lastModified: '2024-01-02T03:04:05.678', vulnStatus: 'Analyzed', cveTags: [],
    descriptions: [{ lang: 'en', value: `${vendor} ${desc}.` }, { lang: 'es', value: `${vendor} ${desc.slice(0, 200)}.` }],
    metrics: {
      cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: score, baseSeverity: 'HIGH', attackVector: 'NETWORK', attackComplexity: 'LOW', privilegesRequired: 'NONE', userInteraction: 'NONE', scope: 'UNCHANGED', confidentialityImpact: 'HIGH', integrityImpact: 'HIGH', availabilityImpact: 'HIGH' }, exploitabilityScore: 3.9, impactScore: 5.9 }],
      cvssMetricV2: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5, accessVector: 'NETWORK', accessComplexity: 'LOW', authentication: 'NONE', confidentialityImpact: 'PARTIAL', integrityImpact: 'PARTIAL', availabilityImpact: 'PARTIAL' }, baseSeverity: 'HIGH', exploitabilityScore: 10.0, impactScore: 6.4, acInsufInfo: false, obtainAllPrivilege: false, obtainUserPrivilege: false, obtainOtherPrivilege: false, userInteractionRequired: false }],
    },
    weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: `CWE-${20 + Math.floor(r() * 900)}` }] }],
    configurations,
    references: [0, 1, 2, 3].map((k) => ({ url: `https://${vendor}.example/security/advisories/${id}-${k}`, source: 'cve@mitre.org', tags: k === 0 ? ['Vendor Advisory'] : ['Third Party Advisory'] })),
  };
}

/** Writes the feed; returns its size in bytes. */
export async function writeNvdFeed(path: string, count: number, seed = 42): Promise<number> {
  const r = rng(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = (s: string) => {
    bytes += Buffer.byteLength(s);
    return out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once('drain', () => res()));
  };
  await write(`{"resultsPerPage":${count},"startIndex":0,"totalResults":${count},"format":"NVD_CVE","version":"2.0","timestamp":"2026-01-01T00:00:00.000","vulnerabilities":[\n`);
  for (let i = 0; i < count; i++) await write(`${i ? ',\n' : ''}  ${JSON.stringify({ cve: cveRecord(i, r) })}`);
  await write('\n]}\n');
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return bytes;
}

/** One advisory record, as the feed has them, for the "one new advisory" measurement. */
export const oneNewCve = (i: number) => (cveRecord(i, rng(i)) as { id: string });

/** A new advisory for a product the inventory holds ("prod0042 07" → cpe …:prod0042_07_firmware). */
export function targetedCve(i: number, vendor: string, model: string): { id: string } {
  const product = model.replace(' ', '_');
  return {
    id: `CVE-2099-${String(i).padStart(6, '0')}`, published: '2026-01-01T00:00:00.000', lastModified: '2026-01-01T00:00:00.000', vulnStatus: 'Analyzed',
    descriptions: [{ lang: 'en', value: `${vendor} ${product} firmware before 5.8.0 allows remote code execution.` }],
    metrics: { cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8 } }] },
    configurations: [{ operator: 'AND', nodes: [
      { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: `cpe:2.3:o:${vendor}:${product}_firmware:*:*:*:*:*:*:*:*`, versionEndExcluding: '5.8.0' }] },
      { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: false, criteria: `cpe:2.3:h:${vendor}:${product}:-:*:*:*:*:*:*:*` }] },
    ] }],
    references: [],
  } as { id: string };
}

/** `count` assets from `types` device types × 3 firmware releases; each type runs 2 services. */
export function inventory(count: number, types = 3000, seed = 7): MatchAsset[] {
  const r = rng(seed);
  const kinds = Array.from({ length: types }, () => {
    const v = Math.floor(r() * VENDORS);
    const p = Math.floor(r() * PRODUCTS_PER_VENDOR);
    const sv = Math.floor(r() * VENDORS);
    return {
      // A device type ships with a few firmware releases; plants run one of them.
      firmware: [0, 1, 2].map(() => `${1 + Math.floor(r() * 9)}.${Math.floor(r() * 5) * 4}.0`),
      vendor: vendorName(v),
      model: productName(v, p).replace('_', ' '),
      services: [0, 1].map((k) => ({ transport: 'tcp', port: 8000 + k, service: 'http', product: productName(sv, (p + k) % PRODUCTS_PER_VENDOR).replace('_', ' '), version: `${1 + Math.floor(r() * 9)}.${Math.floor(r() * 20)}.${k}` })),
    };
  });
  const assets: MatchAsset[] = [];
  for (let i = 0; i < count; i++) {
    const k = kinds[Math.floor(r() * r() * types)]!; // skewed: some device types are common
    const fw = k.firmware[Math.floor(r() * 3)]!;
    assets.push({ id: `a${i}`, vendor: k.vendor, model: k.model, serial: null, os: null, firmware: { name: null, version: fw }, cpes: [], services: k.services, attributes: {} });
  }
  return assets;
}
