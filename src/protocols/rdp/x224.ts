// RDP connection initiation (MS-RDPBCGR §2.2.1.1-2): TPKT (RFC 1006) + X.224 Connection Request carrying
// RDP_NEG_REQ, answered by a Connection Confirm carrying RDP_NEG_RSP (selected protocol) or
// RDP_NEG_FAILURE (failure code). A confirm without negotiation data means standard RDP security only.

export const PROTOCOL = { RDP: 0x0, SSL: 0x1, HYBRID: 0x2, RDSTLS: 0x4, HYBRID_EX: 0x8, RDSAAD: 0x10 } as const;
export const PROTOCOL_NAMES: Record<number, string> = { 0: 'rdp', 1: 'tls', 2: 'credssp', 4: 'rdstls', 8: 'credssp-early-user-auth', 16: 'rdsaad' };
export const FAILURE_CODES: Record<number, string> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};
export const NEG_TYPE = { REQ: 0x01, RSP: 0x02, FAILURE: 0x03 } as const;
const X224_CR = 0xe0;
const X224_CC = 0xd0;

export function encodeConnectionRequest(requestedProtocols: number, cookie?: string): Buffer {
  const cookieBytes = cookie ? Buffer.from(`Cookie: mstshash=${cookie.replace(/[^\w.-]/g, '').slice(0, 32)}\r\n`, 'latin1') : Buffer.alloc(0);
  const neg = Buffer.alloc(8);
  neg[0] = NEG_TYPE.REQ;
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(requestedProtocols >>> 0, 4);
  const x224 = Buffer.concat([Buffer.from([6 + cookieBytes.length + 8, X224_CR, 0, 0, 0, 0, 0]), cookieBytes, neg]);
  const tpkt = Buffer.from([3, 0, 0, 0]);
  tpkt.writeUInt16BE(4 + x224.length, 2);
  return Buffer.concat([tpkt, x224]);
}

/** Completion for a bounded read: a whole TPKT, or bytes that can never be one. */
export function tpktComplete(buf: Buffer): boolean {
  if (buf.length >= 1 && buf[0] !== 3) return true;
  if (buf.length < 4) return false;
  return buf.length >= buf.readUInt16BE(2);
}

export type ConnectionConfirm =
  | { kind: 'selected'; protocol: number; flags: number }
  | { kind: 'failure'; code: number }
  | { kind: 'no-negotiation' };

/** Decodes a Connection Confirm; null when the bytes are not one. */
export function decodeConnectionConfirm(buf: Buffer): ConnectionConfirm | null {
  if (buf.length < 11 || buf[0] !== 3 || buf[1] !== 0) return null;
  const len = buf.readUInt16BE(2);
  if (len < 11 || len > buf.length) return null;
  const li = buf[4] as number;
  if (((buf[5] as number) & 0xf0) !== X224_CC || li < 6 || 5 + li > len) return null;
  const x = buf.subarray(5, 5 + li);
  if (li < 6 + 8) return { kind: 'no-negotiation' };
  const neg = x.subarray(6, 14);
  const type = neg[0] as number;
  if (neg.readUInt16LE(2) !== 8) return null;
  if (type === NEG_TYPE.RSP) return { kind: 'selected', protocol: neg.readUInt32LE(4), flags: neg[1] as number };
  if (type === NEG_TYPE.FAILURE) return { kind: 'failure', code: neg.readUInt32LE(4) };
  return null;
}
