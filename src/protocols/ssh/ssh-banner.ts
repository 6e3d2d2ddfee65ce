// SSH identification string (RFC 4253 §4.2): "SSH-protoversion-softwareversion[ SP comments]" CR LF,
// at most 255 bytes; a server may send other text lines before it. Pure parsing: banner in, facts out.
// The software part names the implementation (OpenSSH_9.2p1, dropbear_2022.83, libssh_0.9.6, ROSSSH...);
// the comment often names the distribution package (Debian-2+deb12u3), which hints at the OS.

export interface SshIdent {
  protoVersion: string;
  software: string;
  comments: string | null;
  /** Lines the server sent before its identification string (RFC 4253 allows them). */
  preamble: string[];
}

export interface SshFingerprint {
  product: string | null;
  version: string | null;
  cpes: string[];
  os: { name: string; version?: string } | null;
  vendor: string | null;
  kind: string | null;
}

const MAX_LINE = 255;

/** True once `buf` holds a whole identification line (or clearly never will: too long). */
export function sshIdentComplete(buf: Buffer): boolean {
  const text = buf.toString('latin1');
  const i = text.indexOf('SSH-');
  if (i >= 0 && (i === 0 || text[i - 1] === '\n')) return text.indexOf('\n', i) >= 0 || text.length - i > MAX_LINE;
  return false;
}

/** Parses the identification string; null when the bytes are not an SSH server greeting. */
export function parseSshIdent(buf: Buffer): SshIdent | null {
  const text = buf.toString('latin1');
  // The last element has no line end yet: a truncated line is not an identification string.
  const lines = text.split('\n').slice(0, -1);
  const preamble: string[] = [];
  for (const raw of lines.slice(0, 20)) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('SSH-')) {
      if (line.length > MAX_LINE) return null;
      const m = /^SSH-(\d+\.\d+)-([\x21-\x2c\x2e-\x7e][\x21-\x7e]*?)(?: (.*))?$/.exec(line);
      if (!m || !m[1] || !m[2]) return null;
      if (/[\x00-\x08\x0b-\x1f\x7f]/.test(line)) return null;
      return { protoVersion: m[1], software: m[2], comments: m[3] ?? null, preamble };
    }
    if (line.length > MAX_LINE || /\x00/.test(line)) return null;
    preamble.push(line);
  }
  return null;
}

// Debian / Ubuntu package revisions of OpenSSH → distribution release (from the distributions'
// package histories: the "debNNuM" security suffix names the release directly).
const DEBIAN_BY_OPENSSH: Record<string, string> = { '7.4p1': '9', '7.9p1': '10', '8.4p1': '11', '9.2p1': '12', '10.0p1': '13' };
const UBUNTU_BY_OPENSSH: Record<string, string> = {
  '7.2p2': '16.04', '7.6p1': '18.04', '8.2p1': '20.04', '8.9p1': '22.04', '9.6p1': '24.04',
};

function cpeEscape(s: string): string {
  return s.replace(/([\\:*?!"#$%&'()+,/;<=>@[\]^`{|}~])/g, '\\$1').toLowerCase();
}

/** Maps an identification string to product, version, CPE 2.3 candidates and an OS hint. */
export function fingerprintSsh(id: SshIdent): SshFingerprint {
  const fp: SshFingerprint = { product: null, version: null, cpes: [], os: null, vendor: null, kind: null };
  const sw = id.software;
  const comments = id.comments ?? '';
  let m: RegExpExecArray | null;
  if ((m = /^OpenSSH_(\d+\.\d+)(?:\.\d+)?(p\d+)?/i.exec(sw))) {
    const base = m[1] as string;
    const patch = m[2] ?? null;
    fp.product = 'OpenSSH';
    fp.version = `${base}${patch ?? ''}`;
    fp.cpes.push(`cpe:2.3:a:openbsd:openssh:${cpeEscape(base)}:${patch ? cpeEscape(patch) : '-'}:*:*:*:*:*:*`);
    const deb = /\+deb(\d+)u\d+/.exec(comments);
    if (/debian/i.test(comments) || /raspbian/i.test(comments)) {
      const rel = deb?.[1] ?? DEBIAN_BY_OPENSSH[fp.version];
      fp.os = { name: /raspbian/i.test(comments) ? 'Raspbian' : 'Debian', ...(rel ? { version: rel } : {}) };
      if (fp.os.name === 'Debian' && rel) fp.cpes.push(`cpe:2.3:o:debian:debian_linux:${rel}:*:*:*:*:*:*:*`);
    } else if (/ubuntu/i.test(comments)) {
      const rel = UBUNTU_BY_OPENSSH[fp.version];
      fp.os = { name: 'Ubuntu', ...(rel ? { version: rel } : {}) };
      if (rel) fp.cpes.push(`cpe:2.3:o:canonical:ubuntu_linux:${rel}:*:*:*:*:*:*:*`);
    } else if (/freebsd/i.test(comments)) fp.os = { name: 'FreeBSD' };
  } else if ((m = /^OpenSSH_for_Windows_(\d+\.\d+)(p\d+)?/i.exec(sw))) {
    fp.product = 'OpenSSH for Windows';
    fp.version = `${m[1]}${m[2] ?? ''}`;
    fp.os = { name: 'Windows' };
  } else if ((m = /^dropbear(?:_(\d{4}\.\d+))?/i.exec(sw))) {
    fp.product = 'Dropbear SSH';
    fp.version = m[1] ?? null;
    if (m[1]) fp.cpes.push(`cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:${m[1]}:*:*:*:*:*:*:*`);
    fp.os = { name: 'Linux' };
    fp.kind = 'iot-or-embedded';
  } else if ((m = /^libssh_(\d+\.\d+\.\d+)/i.exec(sw))) {
    fp.product = 'libssh';
    fp.version = m[1] ?? null;
    fp.cpes.push(`cpe:2.3:a:libssh:libssh:${m[1]}:*:*:*:*:*:*:*`);
  } else if ((m = /^libssh2_(\d+\.\d+(?:\.\d+)?)/i.exec(sw))) {
    fp.product = 'libssh2';
    fp.version = m[1] ?? null;
    fp.cpes.push(`cpe:2.3:a:libssh2:libssh2:${m[1]}:*:*:*:*:*:*:*`);
  } else if ((m = /^Cisco-(\d+\.\d+)/.exec(sw))) {
    fp.product = 'Cisco SSH';
    fp.version = m[1] ?? null;
    fp.vendor = 'Cisco';
    fp.os = { name: 'Cisco IOS' };
    fp.kind = 'router';
  } else if (/^ROSSSH/.test(sw)) {
    fp.product = 'MikroTik RouterOS sshd';
    fp.vendor = 'MikroTik';
    fp.os = { name: 'RouterOS' };
    fp.kind = 'router';
  } else if ((m = /^([A-Za-z][\w.-]*?)[_-](\d+(?:\.\d+)+\w*)$/.exec(sw))) {
    fp.product = m[1] ?? null;
    fp.version = m[2] ?? null;
  } else {
    fp.product = sw;
  }
  return fp;
}
