// MyJVN API 4.0 ("oka") getVulnDetailInfo with ft=jvncsaf: a CSAF-based profile (csaf_version "2.1",
// product ids "jvnpid:…", a `jvn_extension` block). It is read with the CSAF product-tree and status logic,
// but it is not CSAF 2.0 (the 2.0 validator rejects it by design) and it carries no version data: a product
// without a version here means "not stated", never "all versions", so such rules can only give `unknown`.
import { csafFormat } from '../csaf/csaf.format.js';
import { isObj, obj, str } from '../json-access.js';
import type { FeedFormat, FeedRecord } from '../types.js';

export const jvnCsafFormat: FeedFormat = {
  id: 'jvn-csaf',
  title: 'MyJVN API 4.0 CSAF-based detail (ft=jvncsaf)',
  syntax: 'json',
  sniff(doc) {
    const d = obj(doc);
    const document = obj(d?.document);
    return !!d && !!document && isObj(document.tracking) && ('jvn_extension' in d || /^JVNDB-/.test(str(obj(document.tracking)?.id) ?? ''));
  },
  *parse(doc, ctx): Iterable<FeedRecord> {
    for (const r of csafFormat.parse(doc, ctx)) {
      if (r.kind !== 'advisory') {
        // JVN writes "cve": "" when there is none; that is not worth a warning.
        if (!(r.kind === 'issue' && /malformed CVE id $/.test(r.message))) yield r;
        continue;
      }
      const a = r.advisory;
      yield {
        kind: 'advisory',
        advisory: {
          ...a,
          source: { ...a.source, format: 'jvn-csaf', url: a.source.url ?? `https://jvndb.jvn.jp/ja/contents/${a.source.id.slice(6, 10)}/${a.source.id}.html` },
          vulnerabilities: a.vulnerabilities.map((v) => ({
            ...v,
            rules: v.rules.map((rule) => (rule.versions.kind === 'all' && !rule.versionText ? { ...rule, versions: { kind: 'unparsed' as const, text: '(no version stated)' } } : rule)),
          })),
        },
      };
    }
  },
};
