// NTLMSSP NEGOTIATE / CHALLENGE (MS-NLMP §2.2.1.1-2, AV pairs §2.2.2.1, VERSION §2.2.2.10) and the
// SPNEGO NegTokenInit wrapper (RFC 4178) that SMB session setup carries them in. Only the first two
// legs: the AUTHENTICATE message is never built, so no logon is ever attempted.
import { tlv } from '../snmp/ber.js';
import { filetimeToIso } from './smb1.js';

export const NTLMSSP_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const NTLM_FLAGS = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

export function encodeNtlmNegotiate(): Buffer {
  const b = Buffer.alloc(40);
  NTLMSSP_SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  const f = NTLM_FLAGS;
  b.writeUInt32LE(
    (f.UNICODE | f.OEM | f.REQUEST_TARGET | f.SIGN | f.NTLM | f.ALWAYS_SIGN | f.EXTENDED_SESSIONSECURITY | f.VERSION | f.N128 | f.KEY_EXCH | f.N56) >>> 0,
    12,
  );
  // Domain and workstation fields empty (offsets point at the end); version 10.0.0, NTLM revision 15.
  b.writeUInt32LE(40, 20);
  b.writeUInt32LE(40, 28);
  b[32] = 10;
  b[39] = 15;
  return b;
}

const SPNEGO_OID = Buffer.from('2b0601050502', 'hex'); // 1.3.6.1.5.5.2
const NTLMSSP_OID = Buffer.from('2b0601040182370202 0a'.replace(/ /g, ''), 'hex'); // 1.3.6.1.4.1.311.2.2.10

/** GSS-API InitialContextToken { SPNEGO, NegTokenInit { mechTypes [NTLMSSP], mechToken } }. */
export function spnegoNegTokenInit(mechToken: Buffer): Buffer {
  const mechTypes = tlv(0xa0, tlv(0x30, tlv(0x06, NTLMSSP_OID)));
  const token = tlv(0xa2, tlv(0x04, mechToken));
  return tlv(0x60, Buffer.concat([tlv(0x06, SPNEGO_OID), tlv(0xa0, tlv(0x30, Buffer.concat([mechTypes, token])))]));
}

export interface NtlmChallenge {
  flags: number;
  targetName: string;
  netbiosComputer: string | null;
  netbiosDomain: string | null;
  dnsComputer: string | null;
  dnsDomain: string | null;
  dnsTree: string | null;
  timestamp: string | null;
  /** "major.minor.build" when the server sent a VERSION. */
  version: { major: number; minor: number; build: number; ntlmRevision: number } | null;
}

function field(b: Buffer, off: number): Buffer | null {
  const len = b.readUInt16LE(off);
  const at = b.readUInt32LE(off + 4);
  if (len === 0) return Buffer.alloc(0);
  if (at < 48 || at + len > b.length) return null;
  return b.subarray(at, at + len);
}

const u16 = (b: Buffer) => b.subarray(0, b.length - (b.length % 2)).toString('utf16le').replace(/[\x00-\x1f\x7f]/g, '').slice(0, 256);

/** Finds and decodes the NTLMSSP CHALLENGE inside a security blob (raw or SPNEGO-wrapped). */
export function decodeNtlmChallenge(blob: Buffer): NtlmChallenge | null {
  const at = blob.indexOf(NTLMSSP_SIGNATURE);
  if (at < 0) return null;
  const b = blob.subarray(at);
  if (b.length < 48 || b.readUInt32LE(8) !== 2) return null;
  const flags = b.readUInt32LE(20);
  const target = field(b, 12);
  const info = field(b, 40);
  const c: NtlmChallenge = {
    flags,
    targetName: target ? (flags & NTLM_FLAGS.UNICODE ? u16(target) : target.toString('latin1').slice(0, 256)) : '',
    netbiosComputer: null,
    netbiosDomain: null,
    dnsComputer: null,
    dnsDomain: null,
    dnsTree: null,
    timestamp: null,
    version: null,
  };
  // The VERSION structure sits at 48 only when the payload starts after it.
  const payloadStart = Math.min(target?.length ? b.readUInt32LE(16) : Infinity, info?.length ? b.readUInt32LE(44) : Infinity);
  if (flags & NTLM_FLAGS.VERSION && b.length >= 56 && payloadStart >= 56) {
    c.version = { major: b[48] as number, minor: b[49] as number, build: b.readUInt16LE(50), ntlmRevision: b[55] as number };
  }
  if (info) {
    let off = 0;
    for (let n = 0; n < 32 && off + 4 <= info.length; n++) {
      const id = info.readUInt16LE(off);
      const len = info.readUInt16LE(off + 2);
      if (id === 0 || off + 4 + len > info.length) break;
      const v = info.subarray(off + 4, off + 4 + len);
      if (id === 1) c.netbiosComputer = u16(v);
      else if (id === 2) c.netbiosDomain = u16(v);
      else if (id === 3) c.dnsComputer = u16(v);
      else if (id === 4) c.dnsDomain = u16(v);
      else if (id === 5) c.dnsTree = u16(v);
      else if (id === 7 && len === 8) c.timestamp = filetimeToIso(v.readUInt32LE(0), v.readUInt32LE(4));
      off += 4 + len;
    }
  }
  return c;
}
