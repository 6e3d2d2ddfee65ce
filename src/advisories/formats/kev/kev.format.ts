// CISA Known Exploited Vulnerabilities catalog, JSON (catalogVersion, vulnerabilities[]) or CSV (same columns).
// A KEV feed is always the full catalog; it flags CVEs, it does not describe products precisely enough to
// match on ("Microsoft Windows"), so it yields `kev` assertions only. knownRansomwareCampaignUse: "Known" is
// true; "Unknown" means CISA does not know, so null, not false.
import { parse as parseCsv } from 'csv-parse/sync';
import { arr, clean, CVE_RE, isObj, obj, ptr, str, type Json } from '../json-access.js';
import type { FeedFormat, FeedRecord, KevAssertion } from '../types.js';

const KEV_COLUMNS = ['cveID', 'vendorProject', 'product', 'dateAdded'];

function toAssertion(v: Json, catalogVersion: string | undefined): KevAssertion | null {
  const id = clean(str(v.cveID));
  if (!CVE_RE.test(id)) return null;
  const ransom = str(v.knownRansomwareCampaignUse)?.trim().toLowerCase();
  return {
    asserter: 'cisa',
    vulnId: id,
    vendor: clean(str(v.vendorProject)) || undefined,
    product: clean(str(v.product)) || undefined,
    name: clean(str(v.vulnerabilityName)) || undefined,
    addedAt: str(v.dateAdded),
    dueAt: str(v.dueDate),
    requiredAction: clean(str(v.requiredAction)) || undefined,
    knownRansomware: ransom === 'known' ? true : null,
    ...(catalogVersion ? { catalogVersion } : {}),
  };
}

export const kevFormat: FeedFormat = {
  id: 'cisa-kev',
  title: 'CISA KEV catalog (JSON)',
  syntax: 'json',
  sniff(doc) {
    const d = obj(doc);
    return !!d && typeof d.catalogVersion === 'string' && Array.isArray(d.vulnerabilities);
  },
  *parse(doc): Iterable<FeedRecord> {
    const d = obj(doc);
    const version = str(d?.catalogVersion);
    const list = arr(d?.vulnerabilities);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      const a = isObj(v) ? toAssertion(v, version) : null;
      if (a) yield { kind: 'kev', assertion: a };
      else yield { kind: 'issue', pointer: ptr('vulnerabilities', i, 'cveID'), message: 'KEV entry without a valid cveID', level: 'warning' };
    }
  },
};

export const kevCsvFormat: FeedFormat = {
  id: 'cisa-kev-csv',
  title: 'CISA KEV catalog (CSV)',
  syntax: 'csv',
  sniff(doc) {
    if (typeof doc !== 'string') return false;
    const header = doc.slice(0, 400).replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
    return KEV_COLUMNS.every((c) => header.includes(c));
  },
  *parse(doc): Iterable<FeedRecord> {
    const rows = parseCsv(String(doc).replace(/^\ufeff/, ''), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Json[];
    for (let i = 0; i < rows.length; i++) {
      const a = toAssertion(rows[i]!, undefined);
      // Line numbers: header is line 1; fields with embedded newlines would shift this, CISA's have none.
      if (a) yield { kind: 'kev', assertion: a };
      else yield { kind: 'issue', pointer: `line ${i + 2}`, message: 'KEV row without a valid cveID', level: 'warning' };
    }
  },
};
