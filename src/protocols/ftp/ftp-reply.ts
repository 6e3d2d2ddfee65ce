// FTP control-connection replies (RFC 959 §4.2): "ddd text" CRLF, or a multi-line reply that starts
// "ddd-" and ends with a line "ddd " (same code). Pure parsing plus banner → product fingerprints.

export interface FtpReply {
  code: number;
  lines: string[];
}

const MAX_LINES = 50;

/** Parses the first complete reply; null when incomplete or not FTP-shaped. */
export function parseFtpReply(buf: Buffer): FtpReply | null {
  const text = buf.toString('latin1');
  const raw = text.split('\n');
  if (raw.length < 2) return null; // no complete line yet
  const lines = raw.slice(0, -1).map((l) => l.replace(/\r$/, ''));
  const first = /^([1-5]\d\d)([ -])(.*)$/.exec(lines[0] ?? '');
  if (!first || !first[1]) return null;
  const code = Number(first[1]);
  if (first[2] === ' ') return { code, lines: [first[3] ?? ''] };
  const out = [first[3] ?? ''];
  for (const line of lines.slice(1, MAX_LINES)) {
    if (line.startsWith(`${first[1]} `)) {
      out.push(line.slice(4));
      return { code, lines: out };
    }
    out.push(line.startsWith(`${first[1]}-`) ? line.slice(4) : line);
  }
  return null;
}

/** True once a whole reply is buffered, or the bytes can no longer become one. */
export function ftpReplyComplete(buf: Buffer): boolean {
  if (parseFtpReply(buf)) return true;
  const text = buf.toString('latin1');
  if (text.includes('\n') && !/^[1-5]\d\d[ -]/.test(text)) return true; // not FTP: stop waiting
  return text.split('\n').length > MAX_LINES;
}

export interface FtpFingerprint {
  product: string | null;
  version: string | null;
  cpes: string[];
  os: { name: string; version?: string } | null;
  vendor: string | null;
}

interface Rule {
  re: RegExp;
  product: string;
  cpe?: (v: string) => string;
  os?: string;
  vendor?: string;
}

// Ordered: first match wins. CPE vendor/product names as NVD spells them. An OS is named only when the
// product implies one (IIS, FileZilla Server: Windows); "Unix" would only hide better facts from other ports.
const RULES: Rule[] = [
  { re: /\bvsFTPd (\d+\.\d+\.\d+)/i, product: 'vsftpd', cpe: (v) => `cpe:2.3:a:vsftpd_project:vsftpd:${v}:*:*:*:*:*:*:*` },
  { re: /\bProFTPD (\d+\.\d+\.\d+[a-z]?)/i, product: 'ProFTPD', cpe: (v) => `cpe:2.3:a:proftpd:proftpd:${v}:*:*:*:*:*:*:*` },
  { re: /\bPure-FTPd\b(?: (\d+\.\d+\.\d+))?/i, product: 'Pure-FTPd', cpe: (v) => `cpe:2.3:a:pureftpd:pure-ftpd:${v}:*:*:*:*:*:*:*` },
  { re: /\bFileZilla Server(?: version)? (\d+\.\d+\.\d+)/i, product: 'FileZilla Server', cpe: (v) => `cpe:2.3:a:filezilla-project:filezilla_server:${v}:*:*:*:*:*:*:*`, os: 'Windows' },
  { re: /\bMicrosoft FTP Service\b/i, product: 'Microsoft IIS ftpd', os: 'Windows', vendor: 'Microsoft' },
  { re: /\bWU-FTPD? (?:Server )?\(?Version wu-(\d+\.\d+\.\d+)/i, product: 'WU-FTPD', cpe: (v) => `cpe:2.3:a:washington_university:wu-ftpd:${v}:*:*:*:*:*:*:*` },
  { re: /\bbftpd (\d+\.\d+)/i, product: 'bftpd', cpe: (v) => `cpe:2.3:a:bftpd_project:bftpd:${v}:*:*:*:*:*:*:*` },
];

export function fingerprintFtp(reply: FtpReply): FtpFingerprint {
  const text = reply.lines.join('\n');
  for (const r of RULES) {
    const m = r.re.exec(text);
    if (!m) continue;
    const version = m[1] ?? null;
    return {
      product: r.product,
      version,
      cpes: version && r.cpe ? [r.cpe(version)] : [],
      os: r.os ? { name: r.os } : null,
      vendor: r.vendor ?? null,
    };
  }
  return { product: null, version: null, cpes: [], os: null, vendor: null };
}

/** FEAT reply lines (RFC 2389 §3.2) → feature names, upper-cased, e.g. ['AUTH TLS', 'EPSV', 'UTF8']. */
export function parseFeatures(reply: FtpReply): string[] {
  if (reply.code !== 211) return [];
  return reply.lines
    .slice(1, -1)
    .map((l) => l.trim().toUpperCase().slice(0, 60))
    .filter((l) => /^[A-Z0-9][\x20-\x7e]*$/.test(l))
    .slice(0, 64);
}
