// SSH_MSG_KEXINIT (RFC 4253 §7.1) as sent by a server in its first binary packet (§6: uint32
// packet_length, byte padding_length, payload, padding; no MAC before keys exist). Pure; lengths from
// the peer are bounded. Also names the algorithms that current guidance (RFC 9142, RFC 8758, RFC 8332)
// deprecates, so reports can flag them.

export const SSH_MSG_KEXINIT = 20;
const MAX_PACKET = 35000; // RFC 4253 §6.1: implementations must accept 35000-byte packets

export interface KexInit {
  kex: string[];
  hostKey: string[];
  ciphersC2s: string[];
  ciphersS2c: string[];
  macsC2s: string[];
  macsS2c: string[];
  compression: string[];
}

/** One complete binary packet's payload at the start of `buf`, 'incomplete', or 'invalid'. */
export function readBinaryPacket(buf: Buffer): Buffer | 'incomplete' | 'invalid' {
  if (buf.length < 5) return 'incomplete';
  const len = buf.readUInt32BE(0);
  const pad = buf[4] as number;
  if (len < 5 || len > MAX_PACKET || pad < 4 || pad >= len) return 'invalid';
  if (buf.length < 4 + len) return 'incomplete';
  return buf.subarray(5, 4 + len - pad);
}

export function decodeKexInit(payload: Buffer): KexInit | null {
  if (payload.length < 17 || payload[0] !== SSH_MSG_KEXINIT) return null;
  let off = 17;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (off + 4 > payload.length) return null;
    const n = payload.readUInt32BE(off);
    off += 4;
    if (n > 4096 || off + n > payload.length) return null;
    const text = payload.subarray(off, off + n).toString('latin1');
    if (/[^\x21-\x7e]/.test(text)) return null;
    lists.push(text ? text.split(',').slice(0, 64) : []);
    off += n;
  }
  const [kex, hostKey, c1, c2, m1, m2, comp] = lists;
  return { kex: kex ?? [], hostKey: hostKey ?? [], ciphersC2s: c1 ?? [], ciphersS2c: c2 ?? [], macsC2s: m1 ?? [], macsS2c: m2 ?? [], compression: comp ?? [] };
}

const WEAK: [RegExp, string][] = [
  [/^diffie-hellman-group1-sha1$|^diffie-hellman-group14-sha1$|^diffie-hellman-group-exchange-sha1$|^gss-.*sha1/, 'SHA-1 key exchange (RFC 9142)'],
  [/^ssh-dss$|^ssh-rsa$/, 'SHA-1 / DSA host key signature (RFC 8332, RFC 9142)'],
  [/^(3des|blowfish|cast128|arcfour|aes\d+-cbc|rijndael-cbc)/, 'CBC or RC4 cipher (RFC 8758, RFC 4253 §6.3 notes)'],
  [/^hmac-(md5|sha1|ripemd)|^umac-64(?!-etm)/, 'weak MAC'],
  [/^none$/, 'no encryption or MAC'],
];

export function weakAlgorithms(k: KexInit): string[] {
  const all = [...k.kex, ...k.hostKey, ...k.ciphersS2c, ...k.macsS2c];
  const out = new Set<string>();
  for (const a of all) for (const [re, why] of WEAK) if (re.test(a)) out.add(`${a}: ${why}`);
  return [...out].sort();
}
