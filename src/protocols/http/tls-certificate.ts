// A short, storable summary of a server certificate as Node's tls gives it (getPeerCertificate()).
// Pure: the clock comes in as `now`. The certificate is hostile input too: every field is capped.
import { clean } from './http-response.js';

export interface CertificateSummary {
  subject: string;
  subjectCN: string | null;
  issuer: string;
  issuerCN: string | null;
  validFrom: string | null;
  validTo: string | null;
  expired: boolean | null;
  selfSigned: boolean;
  altNames: string[];
  serialNumber: string | null;
  sha256: string | null;
}

type Dn = Record<string, string | string[] | undefined>;

export interface PeerCertLike {
  subject?: Dn;
  issuer?: Dn;
  valid_from?: string;
  valid_to?: string;
  subjectaltname?: string;
  serialNumber?: string;
  fingerprint256?: string;
}

const ORDER = ['CN', 'OU', 'O', 'L', 'ST', 'C'];

function dn(d: Dn | undefined): string {
  if (!d) return '';
  const keys = Object.keys(d).sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return clean(
    keys
      .slice(0, 20)
      .flatMap((k) => {
        const v = d[k];
        return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => `${k}=${String(x)}`);
      })
      .join(', '),
    300,
  );
}

function first(d: Dn | undefined, key: string): string | null {
  const v = d?.[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? clean(String(s), 200) : null;
}

function iso(s: string | undefined): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export function summarizeCertificate(c: PeerCertLike, now: number): CertificateSummary {
  const validTo = iso(c.valid_to);
  const subject = dn(c.subject);
  const issuer = dn(c.issuer);
  return {
    subject,
    subjectCN: first(c.subject, 'CN'),
    issuer,
    issuerCN: first(c.issuer, 'CN'),
    validFrom: iso(c.valid_from),
    validTo,
    expired: validTo ? Date.parse(validTo) < now : null,
    selfSigned: subject !== '' && subject === issuer,
    altNames: (c.subjectaltname ?? '')
      .split(',')
      .map((x) => clean(x, 200))
      .filter(Boolean)
      .slice(0, 20),
    serialNumber: c.serialNumber ? clean(c.serialNumber, 80) : null,
    sha256: c.fingerprint256 ? clean(c.fingerprint256, 100) : null,
  };
}
