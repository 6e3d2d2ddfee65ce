// SMB2/3 messages (MS-SMB2 §2.2.1.2 sync header, §2.2.3-4 NEGOTIATE, §2.2.5-6 SESSION_SETUP).
// Only what identification needs; offsets from the peer are bounds-checked, decoders return null on
// malformed input.
import { randomBytes } from 'node:crypto';
import { filetimeToIso, guidToString } from './smb1.js';

export const SMB2_MAGIC = Buffer.from([0xfe, 0x53, 0x4d, 0x42]);
export const SMB2_HEADER_SIZE = 64;
export const SMB2_COMMAND = { NEGOTIATE: 0, SESSION_SETUP: 1, LOGOFF: 2 } as const;
export const SMB2_FLAGS = { SERVER_TO_REDIR: 0x00000001 } as const;
export const SMB2_SECURITY_MODE = { SIGNING_ENABLED: 0x01, SIGNING_REQUIRED: 0x02 } as const;

/** Dialect revision codes (MS-SMB2 §2.2.3) and their display names. */
export const SMB2_DIALECTS: Record<number, string> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0300: '3.0', 0x0302: '3.0.2', 0x0311: '3.1.1', 0x02ff: '2.???' };
export const ALL_DIALECTS = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311] as const;

export const SMB2_CAPS: Record<number, string> = {
  0x01: 'dfs', 0x02: 'leasing', 0x04: 'large-mtu', 0x08: 'multi-channel', 0x10: 'persistent-handles', 0x20: 'directory-leasing', 0x40: 'encryption', 0x80: 'notifications',
};

export interface Smb2Header {
  creditCharge: number;
  status: number;
  command: number;
  credits: number;
  flags: number;
  messageId: bigint;
  treeId: number;
  sessionId: bigint;
}

export function encodeSmb2(h: { command: number; messageId: number; sessionId?: bigint; creditCharge?: number; credits?: number }, body: Buffer): Buffer {
  const b = Buffer.alloc(SMB2_HEADER_SIZE);
  SMB2_MAGIC.copy(b, 0);
  b.writeUInt16LE(64, 4);
  b.writeUInt16LE(h.creditCharge ?? 0, 6);
  b.writeUInt16LE(h.command, 12);
  b.writeUInt16LE(h.credits ?? 1, 14);
  b.writeBigUInt64LE(BigInt(h.messageId), 24);
  b.writeUInt32LE(0xfeff, 32);
  b.writeBigUInt64LE(h.sessionId ?? 0n, 40);
  return Buffer.concat([b, body]);
}

export function decodeSmb2Header(raw: Buffer): Smb2Header | null {
  if (raw.length < SMB2_HEADER_SIZE || !raw.subarray(0, 4).equals(SMB2_MAGIC) || raw.readUInt16LE(4) !== 64) return null;
  return {
    creditCharge: raw.readUInt16LE(6),
    status: raw.readUInt32LE(8),
    command: raw.readUInt16LE(12),
    credits: raw.readUInt16LE(14),
    flags: raw.readUInt32LE(16),
    messageId: raw.readBigUInt64LE(24),
    treeId: raw.readUInt32LE(36),
    sessionId: raw.readBigUInt64LE(40),
  };
}

const align8 = (n: number) => (n + 7) & ~7;

function negotiateContext(type: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(data.length, 2);
  return Buffer.concat([h, data]);
}

/**
 * NEGOTIATE offering `dialects`. When 3.1.1 is offered, the two contexts it requires are added
 * (PREAUTH_INTEGRITY with SHA-512 and a random salt; ENCRYPTION with AES-128-GCM/CCM).
 */
export function encodeSmb2Negotiate(dialects: readonly number[], opts: { messageId?: number; clientGuid?: Buffer; salt?: Buffer } = {}): Buffer {
  const with311 = dialects.includes(0x0311);
  const fixed = Buffer.alloc(36);
  fixed.writeUInt16LE(36, 0);
  fixed.writeUInt16LE(dialects.length, 2);
  fixed.writeUInt16LE(SMB2_SECURITY_MODE.SIGNING_ENABLED, 4);
  fixed.writeUInt32LE(0x7f & ~0x08, 8); // all capabilities but multi-channel
  (opts.clientGuid ?? randomBytes(16)).copy(fixed, 12);
  const list = Buffer.alloc(dialects.length * 2);
  dialects.forEach((d, i) => list.writeUInt16LE(d, i * 2));
  let body = Buffer.concat([fixed, list]);
  if (with311) {
    const ctxOffset = align8(SMB2_HEADER_SIZE + body.length);
    fixed.writeUInt32LE(ctxOffset, 28);
    fixed.writeUInt16LE(2, 32);
    const preauth = Buffer.alloc(6 + 32);
    preauth.writeUInt16LE(1, 0); // one hash algorithm
    preauth.writeUInt16LE(32, 2); // salt length
    preauth.writeUInt16LE(0x0001, 4); // SHA-512
    (opts.salt ?? randomBytes(32)).copy(preauth, 6);
    const enc = Buffer.from([2, 0, 0x02, 0x00, 0x01, 0x00]); // 2 ciphers: AES-128-GCM, AES-128-CCM
    const c1 = negotiateContext(0x0001, preauth);
    const pad1 = Buffer.alloc(align8(c1.length) - c1.length);
    body = Buffer.concat([fixed, list, Buffer.alloc(ctxOffset - SMB2_HEADER_SIZE - body.length), c1, pad1, negotiateContext(0x0002, enc)]);
  }
  return encodeSmb2({ command: SMB2_COMMAND.NEGOTIATE, messageId: opts.messageId ?? 0 }, body);
}

export interface Smb2NegotiateResponse {
  status: number;
  securityMode: number;
  dialect: number;
  serverGuid: string;
  capabilities: number;
  maxTransactSize: number;
  systemTime: string | null;
  serverStartTime: string | null;
  securityBlob: Buffer;
}

export function decodeSmb2NegotiateResponse(raw: Buffer): Smb2NegotiateResponse | null {
  const h = decodeSmb2Header(raw);
  if (!h || h.command !== SMB2_COMMAND.NEGOTIATE || !(h.flags & SMB2_FLAGS.SERVER_TO_REDIR)) return null;
  const b = raw.subarray(SMB2_HEADER_SIZE);
  if (h.status !== 0) {
    return { status: h.status, securityMode: 0, dialect: 0, serverGuid: '', capabilities: 0, maxTransactSize: 0, systemTime: null, serverStartTime: null, securityBlob: Buffer.alloc(0) };
  }
  if (b.length < 64 || b.readUInt16LE(0) !== 65) return null;
  const secOff = b.readUInt16LE(56);
  const secLen = b.readUInt16LE(58);
  const start = secOff - SMB2_HEADER_SIZE;
  const securityBlob = secLen && start >= 64 && start + secLen <= b.length ? b.subarray(start, start + secLen) : Buffer.alloc(0);
  return {
    status: 0,
    securityMode: b.readUInt16LE(2),
    dialect: b.readUInt16LE(4),
    serverGuid: guidToString(b.subarray(8, 24)),
    capabilities: b.readUInt32LE(24),
    maxTransactSize: b.readUInt32LE(28),
    systemTime: filetimeToIso(b.readUInt32LE(40), b.readUInt32LE(44)),
    serverStartTime: filetimeToIso(b.readUInt32LE(48), b.readUInt32LE(52)),
    securityBlob,
  };
}

/** SESSION_SETUP carrying a security token (here the SPNEGO-wrapped NTLMSSP NEGOTIATE). */
export function encodeSmb2SessionSetup(token: Buffer, messageId: number): Buffer {
  const fixed = Buffer.alloc(24);
  fixed.writeUInt16LE(25, 0);
  fixed[3] = SMB2_SECURITY_MODE.SIGNING_ENABLED;
  fixed.writeUInt16LE(SMB2_HEADER_SIZE + 24, 12);
  fixed.writeUInt16LE(token.length, 14);
  return encodeSmb2({ command: SMB2_COMMAND.SESSION_SETUP, messageId, creditCharge: 1, credits: 1 }, Buffer.concat([fixed, token]));
}

export function decodeSmb2SessionSetupResponse(raw: Buffer): { status: number; sessionId: bigint; securityBlob: Buffer } | null {
  const h = decodeSmb2Header(raw);
  if (!h || h.command !== SMB2_COMMAND.SESSION_SETUP || !(h.flags & SMB2_FLAGS.SERVER_TO_REDIR)) return null;
  const b = raw.subarray(SMB2_HEADER_SIZE);
  if (b.length < 8) return { status: h.status, sessionId: h.sessionId, securityBlob: Buffer.alloc(0) };
  const off = b.readUInt16LE(4) - SMB2_HEADER_SIZE;
  const len = b.readUInt16LE(6);
  const securityBlob = len && off >= 8 && off + len <= b.length ? b.subarray(off, off + len) : Buffer.alloc(0);
  return { status: h.status, sessionId: h.sessionId, securityBlob };
}

export const dialectName = (d: number): string => SMB2_DIALECTS[d] ?? `0x${d.toString(16).padStart(4, '0')}`;
export const capabilityNames = (c: number): string[] => Object.entries(SMB2_CAPS).filter(([bit]) => c & Number(bit)).map(([, n]) => n);
