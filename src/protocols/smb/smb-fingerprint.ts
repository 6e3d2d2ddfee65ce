// SMB facts → product, OS and CPE candidates. Sources, most specific first:
//  - SMB1 SESSION_SETUP NativeLanMan/NativeOS ("Samba 4.17.12-Debian" / "Windows 6.1",
//    "Windows Server 2008 R2 Standard 7601 Service Pack 1");
//  - NTLMSSP VERSION (major.minor.build): Windows builds map to releases; Samba answers 6.1 with
//    build 0, which no Windows release has.
import type { NtlmChallenge } from './ntlmssp.js';
import { windowsRelease } from './windows-versions.js';

export interface SmbFingerprint {
  product: string | null;
  version: string | null;
  os: { name: string; version?: string } | null;
  vendor: string | null;
  cpes: string[];
  confidence: 'confirmed' | 'likely';
}

export function fingerprintSmb(native: { os: string; lanman: string } | null, ntlm: NtlmChallenge | null): SmbFingerprint {
  const fp: SmbFingerprint = { product: null, version: null, os: null, vendor: null, cpes: [], confidence: 'likely' };
  const lanman = native?.lanman ?? '';
  let m = /\bSamba (\d+\.\d+\.\d+)(?:[-\w.+~]*)?/.exec(lanman);
  if (m?.[1]) {
    fp.product = 'Samba';
    fp.version = m[1];
    fp.cpes.push(`cpe:2.3:a:samba:samba:${m[1]}:*:*:*:*:*:*:*`);
    fp.confidence = 'confirmed';
    const distro = /-(Debian|Ubuntu|SUSE|Red ?Hat|Fedora|FreeBSD|Synology)/i.exec(lanman)?.[1];
    fp.os = distro ? { name: /^debian$/i.test(distro) ? 'Debian' : distro } : null;
    return fp;
  }
  const v = ntlm?.version ?? null;
  if (v && v.build === 0 && v.major === 6 && v.minor === 1) {
    fp.product = 'Samba';
    return fp;
  }
  m = /^Windows (?:Server )?.*?(\d{4,5})(?: Service Pack (\d))?/.exec(native?.os ?? '');
  if (v && v.build > 0) {
    const rel = windowsRelease(v.major, v.minor, v.build);
    fp.vendor = 'Microsoft';
    fp.product = 'Windows SMB';
    fp.os = { name: rel?.names.join(' / ') ?? 'Windows', version: `${v.major}.${v.minor}.${v.build}` };
    fp.cpes.push(...(rel?.cpes ?? []));
    fp.confidence = 'confirmed';
  } else if (native?.os && /^Windows/.test(native.os)) {
    fp.vendor = 'Microsoft';
    fp.product = 'Windows SMB';
    fp.os = { name: native.os.slice(0, 120) };
  }
  return fp;
}
