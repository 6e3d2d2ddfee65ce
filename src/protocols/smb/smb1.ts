// SMB1 / CIFS messages (MS-CIFS §2.2.3.1 header, §2.2.4.52 NEGOTIATE, MS-SMB §2.2.4.5-6 extended-security
// SESSION_SETUP_ANDX). A generic header + words + bytes codec, exported for other plugins that build
// further SMB1 requests (TREE_CONNECT, TRANSACTION...) on it; plus the two exchanges discovery needs.
// All offsets from the peer are bounds-checked; decode returns null for anything malformed.

export const SMB1_MAGIC = Buffer.from([0xff, 0x53, 0x4d, 0x42]);
export const SMB1_HEADER_SIZE = 32;

export const SMB1_COMMAND = {
  NEGOTIATE: 0x72,
  SESSION_SETUP_ANDX: 0x73,
  TREE_CONNECT_ANDX: 0x75,
  TRANSACTION: 0x25,
  TRANSACTION2: 0x32,
  LOGOFF_ANDX: 0x74,
  TREE_DISCONNECT: 0x71,
} as const;

export const SMB1_FLAGS = { CASE_INSENSITIVE: 0x08, CANONICALIZED_PATHS: 0x10, REPLY: 0x80 } as const;
export const SMB1_FLAGS2 = {
  LONG_NAMES: 0x0001,
  EAS: 0x0002,
  SECURITY_SIGNATURE: 0x0004,
  IS_LONG_NAME: 0x0040,
  EXTENDED_SECURITY: 0x0800,
  NT_STATUS: 0x4000,
  UNICODE: 0x8000,
} as const;
export const SMB1_CAPS = {
  UNICODE: 0x00000004,
  LARGE_FILES: 0x00000008,
  NT_SMBS: 0x00000010,
  STATUS32: 0x00000040,
  LEVEL2_OPLOCKS: 0x00000080,
  EXTENDED_SECURITY: 0x80000000,
} as const;

export const NT_STATUS = {
  SUCCESS: 0x00000000,
  MORE_PROCESSING_REQUIRED: 0xc0000016,
  ACCESS_DENIED: 0xc0000022,
  INVALID_HANDLE: 0xc0000008,
  INSUFF_SERVER_RESOURCES: 0xc0000205,
  NOT_SUPPORTED: 0xc00000bb,
  LOGON_FAILURE: 0xc000006d,
} as const;

export interface Smb1Header {
  command: number;
  status: number;
  flags: number;
  flags2: number;
  pidHigh: number;
  /** 8 bytes: the signature field (MS-SMB §2.2.3.1). */
  securityFeatures: Buffer;
  tid: number;
  pidLow: number;
  uid: number;
  mid: number;
}

export interface Smb1Message {
  header: Smb1Header;
  /** Parameter words as raw bytes (WordCount × 2). */
  words: Buffer;
  bytes: Buffer;
  /** The whole message, for offset-relative fields (AndXOffset, TRANS offsets). */
  raw: Buffer;
  /** Offset of `bytes` within `raw` (for string alignment). */
  bytesOffset: number;
}

export const DEFAULT_FLAGS2 = SMB1_FLAGS2.LONG_NAMES | SMB1_FLAGS2.EXTENDED_SECURITY | SMB1_FLAGS2.NT_STATUS | SMB1_FLAGS2.UNICODE;

export function encodeSmb1(h: Partial<Smb1Header> & { command: number }, words: Buffer = Buffer.alloc(0), bytes: Buffer = Buffer.alloc(0)): Buffer {
  if (words.length % 2 !== 0 || words.length > 510) throw new RangeError('smb1 words must be an even count of at most 255 words');
  const b = Buffer.alloc(SMB1_HEADER_SIZE + 1 + words.length + 2 + bytes.length);
  SMB1_MAGIC.copy(b, 0);
  b[4] = h.command;
  b.writeUInt32LE(h.status ?? 0, 5);
  b[9] = h.flags ?? SMB1_FLAGS.CASE_INSENSITIVE | SMB1_FLAGS.CANONICALIZED_PATHS;
  b.writeUInt16LE(h.flags2 ?? DEFAULT_FLAGS2, 10);
  b.writeUInt16LE(h.pidHigh ?? 0, 12);
  (h.securityFeatures ?? Buffer.alloc(8)).copy(b, 14, 0, 8);
  b.writeUInt16LE(h.tid ?? 0, 24);
  b.writeUInt16LE(h.pidLow ?? 0xfeff, 26);
  b.writeUInt16LE(h.uid ?? 0, 28);
  b.writeUInt16LE(h.mid ?? 0, 30);
  b[32] = words.length / 2;
  words.copy(b, 33);
  b.writeUInt16LE(bytes.length, 33 + words.length);
  bytes.copy(b, 35 + words.length);
  return b;
}

export function decodeSmb1(raw: Buffer): Smb1Message | null {
  if (raw.length < SMB1_HEADER_SIZE + 3 || !raw.subarray(0, 4).equals(SMB1_MAGIC)) return null;
  const wc = raw[32] as number;
  const wordsEnd = 33 + wc * 2;
  if (raw.length < wordsEnd + 2) return null;
  const bc = raw.readUInt16LE(wordsEnd);
  // Some servers pad past ByteCount; a ByteCount past the end is malformed.
  if (raw.length < wordsEnd + 2 + bc) return null;
  return {
    header: {
      command: raw[4] as number,
      status: raw.readUInt32LE(5),
      flags: raw[9] as number,
      flags2: raw.readUInt16LE(10),
      pidHigh: raw.readUInt16LE(12),
      securityFeatures: raw.subarray(14, 22),
      tid: raw.readUInt16LE(24),
      pidLow: raw.readUInt16LE(26),
      uid: raw.readUInt16LE(28),
      mid: raw.readUInt16LE(30),
    },
    words: raw.subarray(33, wordsEnd),
    bytes: raw.subarray(wordsEnd + 2, wordsEnd + 2 + bc),
    raw,
    bytesOffset: wordsEnd + 2,
  };
}

/** NEGOTIATE offering the given dialects (default: only "NT LM 0.12", the SMBv1 dialect). */
export function encodeNegotiate(dialects: readonly string[] = ['NT LM 0.12'], mid = 0): Buffer {
  const bytes = Buffer.concat(dialects.map((d) => Buffer.concat([Buffer.from([0x02]), Buffer.from(d, 'latin1'), Buffer.from([0])])));
  return encodeSmb1({ command: SMB1_COMMAND.NEGOTIATE, mid }, Buffer.alloc(0), bytes);
}

export interface Smb1NegotiateResponse {
  /** 0xFFFF = none of the offered dialects accepted. */
  dialectIndex: number;
  securityMode?: number;
  maxMpxCount?: number;
  maxBufferSize?: number;
  sessionKey?: number;
  capabilities?: number;
  systemTime?: string | null;
  extendedSecurity?: boolean;
  serverGuid?: string;
  securityBlob?: Buffer;
  domainName?: string;
  serverName?: string;
}

export function filetimeToIso(lo: number, hi: number): string | null {
  const ft = hi * 2 ** 32 + lo;
  if (ft === 0) return null;
  const ms = ft / 10000 - 11644473600000;
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799000) return null;
  return new Date(Math.floor(ms)).toISOString();
}

export function guidToString(b: Buffer): string {
  if (b.length !== 16) return '';
  const h = b.toString('hex');
  const le = (s: string) => s.match(/../g)!.reverse().join('');
  return `${le(h.slice(0, 8))}-${le(h.slice(8, 12))}-${le(h.slice(12, 16))}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Reads a NUL-terminated string (UTF-16LE or OEM) at `off`, capped; returns the string and the next offset. */
export function readSmbString(b: Buffer, off: number, unicode: boolean, max = 256): { value: string; next: number } {
  if (unicode) {
    let end = off;
    while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0) && end - off < max * 2) end += 2;
    const value = b.subarray(off, Math.min(end, b.length - ((end - off) % 2))).toString('utf16le');
    return { value: value.replace(/[\x00-\x1f\x7f]/g, ''), next: Math.min(end + 2, b.length) };
  }
  let end = off;
  while (end < b.length && b[end] !== 0 && end - off < max) end++;
  return { value: b.subarray(off, end).toString('latin1').replace(/[\x00-\x1f\x7f]/g, ''), next: Math.min(end + 1, b.length) };
}

export function decodeNegotiateResponse(m: Smb1Message): Smb1NegotiateResponse | null {
  if (m.header.command !== SMB1_COMMAND.NEGOTIATE || !(m.header.flags & SMB1_FLAGS.REPLY)) return null;
  if (m.words.length < 2) return null;
  const dialectIndex = m.words.readUInt16LE(0);
  if (m.words.length < 34) return { dialectIndex };
  const w = m.words;
  const capabilities = w.readUInt32LE(19);
  const challengeLength = w[33] as number;
  const r: Smb1NegotiateResponse = {
    dialectIndex,
    securityMode: w[2] as number,
    maxMpxCount: w.readUInt16LE(3),
    maxBufferSize: w.readUInt32LE(7),
    sessionKey: w.readUInt32LE(15),
    capabilities,
    systemTime: filetimeToIso(w.readUInt32LE(23), w.readUInt32LE(27)),
    extendedSecurity: (capabilities & SMB1_CAPS.EXTENDED_SECURITY) !== 0,
  };
  if (r.extendedSecurity) {
    if (m.bytes.length >= 16) {
      r.serverGuid = guidToString(m.bytes.subarray(0, 16));
      r.securityBlob = m.bytes.subarray(16);
    }
  } else {
    const unicode = (m.header.flags2 & SMB1_FLAGS2.UNICODE) !== 0;
    let off = Math.min(challengeLength, m.bytes.length);
    // Unicode strings are aligned on 2 bytes from the start of the SMB header.
    if (unicode && (m.bytesOffset + off) % 2 === 1) off++;
    const dom = readSmbString(m.bytes, off, unicode);
    r.domainName = dom.value;
    r.serverName = readSmbString(m.bytes, dom.next, unicode).value;
  }
  return r;
}

/** SESSION_SETUP_ANDX with extended security carrying `securityBlob` (an SPNEGO/NTLMSSP token). */
export function encodeSessionSetupExtended(securityBlob: Buffer, opts: { mid?: number; maxMpxCount?: number; uid?: number } = {}): Buffer {
  const words = Buffer.alloc(24);
  words[0] = 0xff; // no AndX command
  words.writeUInt16LE(0xffff, 4); // MaxBufferSize
  words.writeUInt16LE(Math.max(1, Math.min(opts.maxMpxCount ?? 2, 50)), 6);
  words.writeUInt16LE(1, 8); // VcNumber
  words.writeUInt16LE(securityBlob.length, 14);
  words.writeUInt32LE((SMB1_CAPS.EXTENDED_SECURITY | SMB1_CAPS.UNICODE | SMB1_CAPS.NT_SMBS | SMB1_CAPS.STATUS32 | SMB1_CAPS.LEVEL2_OPLOCKS) >>> 0, 20);
  // Bytes: blob, pad to even offset (header 32 + wc 1 + words 24 + bc 2 = 59, odd), NativeOS, NativeLanMan.
  const pad = (59 + securityBlob.length) % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  const str = (s: string) => Buffer.from(`${s}\0`, 'utf16le');
  const bytes = Buffer.concat([securityBlob, pad, str('Unix'), str('mamori')]);
  return encodeSmb1({ command: SMB1_COMMAND.SESSION_SETUP_ANDX, mid: opts.mid ?? 1, uid: opts.uid ?? 0 }, words, bytes);
}

export interface Smb1SessionSetupResponse {
  status: number;
  uid: number;
  action: number;
  securityBlob: Buffer;
  nativeOs: string;
  nativeLanMan: string;
  primaryDomain: string;
}

export function decodeSessionSetupResponse(m: Smb1Message): Smb1SessionSetupResponse | null {
  if (m.header.command !== SMB1_COMMAND.SESSION_SETUP_ANDX || !(m.header.flags & SMB1_FLAGS.REPLY)) return null;
  const base = { status: m.header.status, uid: m.header.uid };
  if (m.words.length < 8) return { ...base, action: 0, securityBlob: Buffer.alloc(0), nativeOs: '', nativeLanMan: '', primaryDomain: '' };
  const action = m.words.readUInt16LE(4);
  const blobLen = Math.min(m.words.readUInt16LE(6), m.bytes.length);
  const unicode = (m.header.flags2 & SMB1_FLAGS2.UNICODE) !== 0;
  let off = blobLen;
  if (unicode && (m.bytesOffset + off) % 2 === 1) off++;
  const os = readSmbString(m.bytes, off, unicode);
  const lm = readSmbString(m.bytes, os.next, unicode);
  const dom = readSmbString(m.bytes, lm.next, unicode);
  return { ...base, action, securityBlob: m.bytes.subarray(0, blobLen), nativeOs: os.value, nativeLanMan: lm.value, primaryDomain: dom.value };
}
