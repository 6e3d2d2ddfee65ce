// RFB (VNC) handshake, RFC 6143 §7.1.1-2: the server sends "RFB xxx.yyy\n" (12 bytes); the client
// answers with the version it speaks; then 3.7+ servers list security types (u8 count, u8 types; count 0 =
// failure, u32 reason length + reason) and 3.3 servers pick one (u32; 0 = failure + reason).
// Pure; the reason string is capped.

export const SECURITY_TYPES: Record<number, string> = {
  0: 'invalid', 1: 'none', 2: 'vnc-auth', 5: 'ra2', 6: 'ra2ne', 16: 'tight', 17: 'ultra', 18: 'tls', 19: 'vencrypt',
  20: 'sasl', 21: 'md5', 22: 'xvp', 30: 'apple-ard', 35: 'apple-35', 113: 'ultravnc-mslogon2', 117: 'ultravnc-secure',
};

export interface RfbVersion {
  major: number;
  minor: number;
  text: string;
}

export function parseServerVersion(buf: Buffer): RfbVersion | null {
  if (buf.length < 12) return null;
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(buf.subarray(0, 12).toString('latin1'));
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), text: `${m[1]}.${m[2]}` };
}

/** The version the client answers with (§7.1.1): the highest it knows that the server offered. */
export function clientVersionFor(v: RfbVersion): { line: Buffer; protocol: '3.3' | '3.7' | '3.8' } {
  const protocol = v.major > 3 || (v.major === 3 && v.minor >= 8) ? '3.8' : v.major === 3 && v.minor === 7 ? '3.7' : '3.3';
  return { line: Buffer.from(`RFB 003.00${protocol.slice(2)}\n`, 'latin1'), protocol };
}

export type SecurityOffer = { kind: 'types'; types: number[] } | { kind: 'failure'; reason: string } | 'incomplete' | 'invalid';

const MAX_REASON = 1024;

export function parseSecurity(buf: Buffer, protocol: '3.3' | '3.7' | '3.8'): SecurityOffer {
  const failure = (at: number): SecurityOffer => {
    if (buf.length < at + 4) return 'incomplete';
    const len = buf.readUInt32BE(at);
    if (len > MAX_REASON) return { kind: 'failure', reason: buf.subarray(at + 4, at + 4 + MAX_REASON).toString('utf8').replace(/[\x00-\x1f\x7f]/g, ' ').trim() };
    if (buf.length < at + 4 + len) return 'incomplete';
    return { kind: 'failure', reason: buf.subarray(at + 4, at + 4 + len).toString('utf8').replace(/[\x00-\x1f\x7f]/g, ' ').trim() };
  };
  if (protocol === '3.3') {
    if (buf.length < 4) return 'incomplete';
    const t = buf.readUInt32BE(0);
    if (t === 0) return failure(4);
    return t > 255 ? 'invalid' : { kind: 'types', types: [t] };
  }
  if (buf.length < 1) return 'incomplete';
  const n = buf[0] as number;
  if (n === 0) return failure(1);
  if (buf.length < 1 + n) return 'incomplete';
  return { kind: 'types', types: [...buf.subarray(1, 1 + n)] };
}

export function fingerprintRfb(v: RfbVersion, types: readonly number[]): { product: string | null; os: { name: string } | null } {
  if (v.text === '003.889' || types.includes(30)) return { product: 'Apple Remote Desktop / macOS Screen Sharing', os: { name: 'macOS' } };
  if (v.major === 4) return { product: 'RealVNC', os: null };
  if (types.includes(113) || types.includes(117) || types.includes(17)) return { product: 'UltraVNC', os: { name: 'Windows' } };
  if (types.includes(16)) return { product: 'TightVNC', os: null };
  if (types.includes(19)) return { product: 'VeNCrypt-capable VNC (TigerVNC/libvncserver)', os: null };
  return { product: null, os: null };
}
