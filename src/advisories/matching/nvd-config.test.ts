// NVD configuration semantics, one case per rule: OR of cpeMatch, AND of nodes (running on/with), negate,
// nested children, and version bounds exactly at versionStart/End Including/Excluding — through the parser
// and the matcher, on assets written as users write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNvdCve } from '../formats/nvd/nvd.format.js';
import { AdvisoryIndex, groupAssets, matchGroups } from './matcher.js';
import type { MatchAsset } from './components.js';

const cve = (configurations: unknown[]) => ({ id: 'CVE-2099-0001', lastModified: '2026-01-01T00:00:00.000', descriptions: [], configurations });
const m = (criteria: string, extra: Record<string, unknown> = {}, vulnerable = true) => ({ vulnerable, criteria, ...extra });
const asset = (id: string, p: Partial<MatchAsset>): MatchAsset => ({ id, vendor: null, model: null, serial: null, os: null, firmware: null, cpes: [], services: [], attributes: {}, ...p });

function verdicts(record: object, assets: MatchAsset[]): Record<string, string> {
  const index = new AdvisoryIndex();
  for (const r of parseNvdCve(record, '')) if (r.kind === 'advisory') index.add('CVE-2099-0001', r.advisory);
  const out: Record<string, string> = {};
  for (const { group, result } of matchGroups(index, groupAssets(assets))) for (const id of group.assetIds) out[id] = result.verdict;
  return out;
}

const svc = (product: string, version: string) => ({ services: [{ transport: 'tcp', port: 80, service: 'http', product, version }] });

test('version bounds: start including/excluding, end including/excluding, exactly at the bound', () => {
  const rec = cve([{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [
    m('cpe:2.3:a:lighttpd:lighttpd:*:*:*:*:*:*:*:*', { versionStartIncluding: '1.4.0', versionEndExcluding: '1.4.50' }),
    m('cpe:2.3:a:lighttpd:lighttpd:*:*:*:*:*:*:*:*', { versionStartExcluding: '1.4.60', versionEndIncluding: '1.4.64' }),
  ] }] }]);
  assert.deepEqual(
    verdicts(rec, [
      asset('below', svc('lighttpd', '1.3.9')), asset('start-incl', svc('lighttpd', '1.4.0')), asset('end-excl', svc('lighttpd', '1.4.50')),
      asset('gap', svc('lighttpd', '1.4.55')), asset('start-excl', svc('lighttpd', '1.4.60')), asset('inside', svc('lighttpd', '1.4.61')),
      asset('end-incl', svc('lighttpd', '1.4.64')), asset('above', svc('lighttpd', '1.4.65')), asset('no-version', { services: [{ transport: 'tcp', port: 80, service: 'http', product: 'lighttpd', version: null }] }),
    ]),
    // Past the end of the first range (and inside none) is "fixed", as for release branches; below all is "not affected".
    { below: 'not-affected', 'start-incl': 'affected', 'end-excl': 'fixed', gap: 'fixed', 'start-excl': 'fixed', inside: 'affected', 'end-incl': 'affected', above: 'fixed', 'no-version': 'unknown' },
  );
});

test('AND: vulnerable firmware running on listed hardware; other hardware or missing firmware evidence', () => {
  const rec = cve([{ operator: 'AND', nodes: [
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:o:siemens:simatic_s7-1200_firmware:*:*:*:*:*:*:*:*', { versionEndExcluding: '4.6.0' })] },
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:h:siemens:simatic_s7-1200:-:*:*:*:*:*:*:*', {}, false)] },
  ] }]);
  assert.deepEqual(
    verdicts(rec, [
      asset('plc-old', { vendor: 'Siemens', model: 'SIMATIC S7-1200', firmware: { name: null, version: 'V4.5.2' } }),
      asset('plc-new', { vendor: 'Siemens', model: 'S7-1200', firmware: { name: null, version: 'V4.6' } }),
      asset('plc-unknown-fw', { vendor: 'Siemens AG', model: 'SIMATIC S7-1200' }),
      asset('other-plc', { vendor: 'Siemens', model: 'SIMATIC S7-1500', firmware: { name: null, version: 'V2.0' } }),
    ]),
    { 'plc-old': 'affected', 'plc-new': 'fixed', 'plc-unknown-fw': 'unknown' },
  );
});

test('AND with a platform only: running on a listed OS, vulnerable component unseen → unknown; seen → affected', () => {
  const rec = cve([{ operator: 'AND', nodes: [
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.15.0' })] },
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*', {}, false)] },
  ] }]);
  assert.deepEqual(
    verdicts(rec, [
      asset('win7-bare', { os: { name: 'Windows 7 SP1', version: null } }),
      asset('win7-log4j', { os: { name: 'Windows 7 SP1', version: null }, ...svc('Apache Log4j', '2.14.1') }),
      asset('linux-log4j', { os: { name: 'Debian GNU/Linux', version: '12' }, ...svc('log4j', '2.14.1') }),
      asset('win10', { os: { name: 'Windows 10 1607', version: null } }),
    ]),
    // Debian is a known OS that is not Windows 7: the running-on condition is false; Windows 10 likewise, and
    // without the vulnerable component it is not concerned at all.
    { 'win7-bare': 'unknown', 'win7-log4j': 'affected', 'linux-log4j': 'not-affected' },
  );
});

test('negate and nested children', () => {
  // Vulnerable: OpenSSH < 9.0, but NOT when running on the vendor's hardened build (negated node).
  const rec = cve([{ operator: 'AND', nodes: [
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*', { versionEndExcluding: '9.0' })] },
    { operator: 'OR', negate: true, cpeMatch: [m('cpe:2.3:o:example:hardened_os:*:*:*:*:*:*:*:*', {}, false)] },
  ] }, { nodes: [{ operator: 'AND', negate: false, cpeMatch: [], children: [
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:a:samba:samba:*:*:*:*:*:*:*:*', { versionEndExcluding: '4.0' })] },
    { operator: 'OR', negate: false, cpeMatch: [m('cpe:2.3:o:example:hardened_os:*:*:*:*:*:*:*:*', {}, false)] },
  ] }] }]);
  const r = verdicts(rec, [
    asset('ssh-old', svc('OpenSSH', '8.4p1')),
    asset('ssh-old-hardened', { os: { name: 'hardened os', version: null }, vendor: 'Example', ...svc('OpenSSH', '8.4p1') }),
    asset('samba-on-hardened', { vendor: 'Example', os: { name: 'Hardened OS', version: '1' }, ...svc('Samba', '3.6.25') }),
  ]);
  assert.equal(r['ssh-old'], 'unknown', 'the platform node is negated and absent: cannot tell');
  assert.equal(r['samba-on-hardened'], 'affected', 'nested AND of children');
  assert.notEqual(r['ssh-old-hardened'], 'affected', 'negated platform present: not affected by that configuration');
});
