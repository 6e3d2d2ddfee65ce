// NetBIOS session service framing (RFC 1002 §4.3) as used by SMB on TCP 445 ("direct hosting": a 4-byte
// header, type 0x00 and a 24-bit length, MS-SMB2 §2.1) and on TCP 139 (after a SESSION REQUEST naming the
// called and calling NetBIOS names, RFC 1002 §4.3.2).

export const NBSS = { MESSAGE: 0x00, SESSION_REQUEST: 0x81, POSITIVE_RESPONSE: 0x82, NEGATIVE_RESPONSE: 0x83, KEEPALIVE: 0x85 } as const;

/** Largest frame this codec accepts from a peer (SMB negotiate/session replies are a few KiB). */
export const MAX_FRAME = 64 * 1024;

export function frame(payload: Buffer, type: number = NBSS.MESSAGE): Buffer {
  if (payload.length > 0xffffff) throw new RangeError('netbios frame too large');
  const h = Buffer.alloc(4);
  h[0] = type;
  h.writeUIntBE(payload.length, 1, 3);
  return Buffer.concat([h, payload]);
}

export interface Frame {
  type: number;
  payload: Buffer;
  size: number;
}

/** The first frame in `buf`; keepalives are returned as frames too. */
export function readFrame(buf: Buffer, max = MAX_FRAME): Frame | 'incomplete' | 'invalid' {
  if (buf.length < 4) return 'incomplete';
  const type = buf[0] as number;
  if (type !== NBSS.MESSAGE && type !== NBSS.POSITIVE_RESPONSE && type !== NBSS.NEGATIVE_RESPONSE && type !== NBSS.KEEPALIVE) return 'invalid';
  const len = buf.readUIntBE(1, 3);
  if (len > max) return 'invalid';
  if (buf.length < 4 + len) return 'incomplete';
  return { type, payload: buf.subarray(4, 4 + len), size: 4 + len };
}

/** RFC 1001 §14.1 first-level encoding of a 16-byte NetBIOS name (padded with spaces, suffix byte last). */
export function encodeNetbiosName(name: string, suffix = 0x20): Buffer {
  const raw = Buffer.alloc(16, 0x20);
  raw.write(name.toUpperCase().slice(0, 15), 'latin1');
  raw[15] = suffix;
  const out = Buffer.alloc(34);
  out[0] = 32;
  for (let i = 0; i < 16; i++) {
    out[1 + i * 2] = 0x41 + ((raw[i] as number) >> 4);
    out[2 + i * 2] = 0x41 + ((raw[i] as number) & 0x0f);
  }
  out[33] = 0;
  return out;
}

/** SESSION REQUEST for port 139; "*SMBSERVER" is the wildcard called name servers accept. */
export function sessionRequest(called = '*SMBSERVER', calling = 'MAMORI'): Buffer {
  return frame(Buffer.concat([encodeNetbiosName(called), encodeNetbiosName(calling, 0x00)]), NBSS.SESSION_REQUEST);
}
