// Minimal SMB1 (CIFS) client for the WannaCry-family checks: NetBIOS session framing, the 32-byte SMB header,
// NEGOTIATE (NT LM 0.12 only), anonymous SESSION_SETUP_ANDX (non-extended security, empty account and
// password = null session), TREE_CONNECT_ANDX to IPC$, and raw TRANSACTION / TRANSACTION2 requests.
// [MS-CIFS] 2.2.3.1 (header), 2.2.4.52 (negotiate), 2.2.4.53 (session setup), 2.2.4.55 (tree connect),
// 2.2.4.33 (transaction), 2.2.4.46 (transaction2). Every reply is hostile: lengths are checked before use.
import type { TcpSession } from '../../net/tcp-session.js';

export const SMB_COM = { NEGOTIATE: 0x72, SESSION_SETUP_ANDX: 0x73, TREE_CONNECT_ANDX: 0x75, TRANSACTION: 0x25, TRANSACTION2: 0x32 } as const;
export const NT_STATUS = {
  SUCCESS: 0x00000000,
  NOT_IMPLEMENTED: 0xc0000002,
  INVALID_HANDLE: 0xc0000008,
  ACCESS_DENIED: 0xc0000022,
  LOGON_FAILURE: 0xc000006d,
  INSUFF_SERVER_RESOURCES: 0xc0000205,
  BAD_NETWORK_NAME: 0xc00000cc,
} as const;

export const FLAGS2_LONG_NAMES = 0x0001;
export const FLAGS2_NT_STATUS = 0x4000;

export interface SmbHeader {
  command: number;
  status: number;
  flags: number;
  flags2: number;
  /** 8-byte SecuritySignature field (DoublePulsar encodes its XOR key and architecture here). */
  signature: Buffer;
  tid: number;
  pid: number;
  uid: number;
  mid: number;
}

export interface SmbMessage {
  header: SmbHeader;
  words: Buffer;
  bytes: Buffer;
  raw: Buffer;
}

export interface Ids {
  tid: number;
  uid: number;
  pid: number;
  mid: number;
}

/** First-level encoding of a NetBIOS name (RFC 1001 §14.1): 16 bytes → 32 letters 'A'+nibble, length-prefixed. */
export function encodeNetbiosName(name: string, suffix = 0x20): Buffer {
  const raw = Buffer.alloc(16, 0x20);
  Buffer.from(name.toUpperCase().slice(0, 15), 'latin1').copy(raw);
  raw[15] = suffix;
  const out = Buffer.alloc(34);
  out[0] = 32;
  for (let i = 0; i < 16; i++) {
    out[1 + i * 2] = 0x41 + (raw[i]! >> 4);
    out[2 + i * 2] = 0x41 + (raw[i]! & 0x0f);
  }
  return out;
}

/**
 * NetBIOS SESSION REQUEST (RFC 1002 §4.3.2), needed before SMB on TCP 139. "*SMBSERVER" is the called name
 * Windows and Samba accept when the server's own name is not known.
 */
export function netbiosSessionRequest(called = '*SMBSERVER', calling = 'MAMORI'): Buffer {
  const body = Buffer.concat([encodeNetbiosName(called), encodeNetbiosName(calling, 0x00)]);
  const h = Buffer.alloc(4);
  h[0] = 0x81;
  h.writeUInt16BE(body.length, 2);
  return Buffer.concat([h, body]);
}

/** NetBIOS session message around one SMB message. */
export function frame(smb: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32BE(smb.length & 0x00ffffff, 0);
  return Buffer.concat([h, smb]);
}

export function encodeSmb(command: number, ids: Ids, words: Buffer, bytes: Buffer, opts: { timeoutField?: never; flags2?: number } = {}): Buffer {
  const h = Buffer.alloc(32);
  h.write('\xffSMB', 0, 'latin1');
  h[4] = command;
  h.writeUInt32LE(0, 5);
  h[9] = 0x18; // case-insensitive paths, canonicalized
  h.writeUInt16LE(opts.flags2 ?? FLAGS2_NT_STATUS | FLAGS2_LONG_NAMES, 10);
  h.writeUInt16LE(ids.tid, 24);
  h.writeUInt16LE(ids.pid, 26);
  h.writeUInt16LE(ids.uid, 28);
  h.writeUInt16LE(ids.mid, 30);
  const wc = Buffer.from([words.length / 2]);
  const bc = Buffer.alloc(2);
  bc.writeUInt16LE(bytes.length, 0);
  return frame(Buffer.concat([h, wc, words, bc, bytes]));
}

/** A NetBIOS frame is complete when its 4-byte header's length is all there. */
export function frameComplete(buf: Buffer): boolean {
  if (buf.length < 4) return false;
  return buf.length >= 4 + (buf.readUInt32BE(0) & 0x00ffffff);
}

export type Decoded = { kind: 'smb1'; msg: SmbMessage } | { kind: 'smb2' } | { kind: 'garbled'; note: string };

export function decodeSmb(buf: Buffer): Decoded {
  if (buf.length < 8) return { kind: 'garbled', note: `short reply (${buf.length} bytes)` };
  if (buf[0] !== 0x00) return { kind: 'garbled', note: `NetBIOS message type 0x${buf[0]!.toString(16)}` };
  const len = buf.readUInt32BE(0) & 0x00ffffff;
  const smb = buf.subarray(4, 4 + len);
  if (smb.subarray(0, 4).equals(Buffer.from('\xfeSMB', 'latin1'))) return { kind: 'smb2' };
  if (!smb.subarray(0, 4).equals(Buffer.from('\xffSMB', 'latin1'))) return { kind: 'garbled', note: 'no SMB magic' };
  if (smb.length < 35) return { kind: 'garbled', note: 'SMB1 header truncated' };
  const header: SmbHeader = {
    command: smb[4]!,
    status: smb.readUInt32LE(5),
    flags: smb[9]!,
    flags2: smb.readUInt16LE(10),
    signature: Buffer.from(smb.subarray(14, 22)),
    tid: smb.readUInt16LE(24),
    pid: smb.readUInt16LE(26),
    uid: smb.readUInt16LE(28),
    mid: smb.readUInt16LE(30),
  };
  const wc = smb[32]!;
  const wordsEnd = 33 + wc * 2;
  if (smb.length < wordsEnd + 2) {
    // Error replies may carry WordCount 0 and no ByteCount at all; tolerate that, nothing else.
    return smb.length === 33 || smb.length === 35 ? { kind: 'smb1', msg: { header, words: Buffer.alloc(0), bytes: Buffer.alloc(0), raw: smb } } : { kind: 'garbled', note: 'SMB1 words truncated' };
  }
  const bc = smb.readUInt16LE(wordsEnd);
  const bytes = smb.subarray(wordsEnd + 2, Math.min(smb.length, wordsEnd + 2 + bc));
  return { kind: 'smb1', msg: { header, words: smb.subarray(33, wordsEnd), bytes, raw: smb } };
}

// ---- requests ---------------------------------------------------------------------------------------

export function negotiateRequest(ids: Ids): Buffer {
  return encodeSmb(SMB_COM.NEGOTIATE, ids, Buffer.alloc(0), Buffer.from('\x02NT LM 0.12\x00', 'latin1'));
}

/** Null session: no account, no passwords, non-extended security (what nmap and Metasploit use for MS17-010). */
export function sessionSetupAnonymousRequest(ids: Ids, sessionKey: number): Buffer {
  const w = Buffer.alloc(26);
  w[0] = 0xff; // no AndX
  w.writeUInt16LE(0, 2);
  w.writeUInt16LE(0xffff, 4); // MaxBufferSize
  w.writeUInt16LE(2, 6); // MaxMpxCount
  w.writeUInt16LE(1, 8); // VcNumber
  w.writeUInt32LE(sessionKey >>> 0, 10);
  w.writeUInt16LE(0, 14); // OEM password length
  w.writeUInt16LE(0, 16); // Unicode password length
  w.writeUInt32LE(0, 18);
  w.writeUInt32LE(0x00000050, 22); // CAP_NT_SMBS | CAP_STATUS32... (0x10|0x40)
  const bytes = Buffer.from('\x00\x00mamori\x00mamori\x00', 'latin1'); // account "", domain "", native OS, native LAN man
  return encodeSmb(SMB_COM.SESSION_SETUP_ANDX, ids, w, bytes);
}

export function treeConnectRequest(ids: Ids, host: string, share = 'IPC$'): Buffer {
  const w = Buffer.alloc(8);
  w[0] = 0xff;
  w.writeUInt16LE(0, 4); // flags
  w.writeUInt16LE(1, 6); // password length (one NUL byte)
  const bytes = Buffer.concat([Buffer.from([0]), Buffer.from(`\\\\${host}\\${share}\x00`, 'latin1'), Buffer.from('?????\x00', 'latin1')]);
  return encodeSmb(SMB_COM.TREE_CONNECT_ANDX, ids, w, bytes);
}

/** SMB_COM_TRANSACTION, PeekNamedPipe (0x0023) on FID 0, name \PIPE\, zero counts, max counts 0xFFFF. */
export function peekNamedPipeFid0Request(ids: Ids): Buffer {
  const name = Buffer.from('\\PIPE\\\x00', 'latin1');
  const w = Buffer.alloc(32);
  w.writeUInt16LE(0, 0); // TotalParameterCount
  w.writeUInt16LE(0, 2); // TotalDataCount
  w.writeUInt16LE(0xffff, 4); // MaxParameterCount
  w.writeUInt16LE(0xffff, 6); // MaxDataCount
  w[8] = 0; // MaxSetupCount
  w.writeUInt16LE(0, 10); // Flags
  w.writeUInt32LE(0, 12); // Timeout
  const offset = 32 + 1 + 32 + 2 + name.length;
  w.writeUInt16LE(0, 18); // ParameterCount
  w.writeUInt16LE(offset, 20);
  w.writeUInt16LE(0, 22); // DataCount
  w.writeUInt16LE(offset, 24);
  w[26] = 2; // SetupCount
  w.writeUInt16LE(0x0023, 28); // PeekNamedPipe
  w.writeUInt16LE(0x0000, 30); // FID 0
  return encodeSmb(SMB_COM.TRANSACTION, ids, w, name);
}

/** The DoublePulsar "ping": TRANS2_SESSION_SETUP, 12 zero parameter bytes, Timeout 0x00A4D9A6 (opcode 0x23). */
export const DOUBLEPULSAR_PING_TIMEOUT = 0x00a4d9a6;
export function trans2SessionSetupRequest(ids: Ids, timeout = DOUBLEPULSAR_PING_TIMEOUT): Buffer {
  const w = Buffer.alloc(30);
  w.writeUInt16LE(12, 0); // TotalParameterCount
  w.writeUInt16LE(0, 2); // TotalDataCount
  w.writeUInt16LE(1, 4); // MaxParameterCount
  w.writeUInt16LE(0, 6); // MaxDataCount
  w[8] = 0;
  w.writeUInt16LE(0, 10);
  w.writeUInt32LE(timeout >>> 0, 12);
  w.writeUInt16LE(12, 18); // ParameterCount
  w.writeUInt16LE(66, 20); // ParameterOffset: 32 header + 1 + 30 words + 2 + 1 pad
  w.writeUInt16LE(0, 22); // DataCount
  w.writeUInt16LE(78, 24); // DataOffset
  w[26] = 1; // SetupCount
  w.writeUInt16LE(0x000e, 28); // TRANS2_SESSION_SETUP
  return encodeSmb(SMB_COM.TRANSACTION2, ids, w, Buffer.alloc(13));
}

/** DoublePulsar derives its opcode from the Timeout field: the byte sum modulo 256. */
export const doublePulsarOpcode = (timeout: number): number =>
  ((timeout & 0xff) + ((timeout >>> 8) & 0xff) + ((timeout >>> 16) & 0xff) + ((timeout >>> 24) & 0xff)) & 0xff;

// ---- replies ----------------------------------------------------------------------------------------

export interface NegotiateReply {
  dialectIndex: number;
  securityMode: number;
  capabilities: number;
  sessionKey: number;
}

export function parseNegotiate(m: SmbMessage): NegotiateReply | null {
  if (m.header.command !== SMB_COM.NEGOTIATE) return null;
  if (m.words.length < 2) return null;
  const dialectIndex = m.words.readUInt16LE(0);
  if (m.words.length < 34) return { dialectIndex, securityMode: 0, capabilities: 0, sessionKey: 0 };
  return { dialectIndex, securityMode: m.words[2]!, sessionKey: m.words.readUInt32LE(15), capabilities: m.words.readUInt32LE(19) };
}

/** Reads one NetBIOS-framed reply within the time budget. */
export async function exchange(s: TcpSession, request: Buffer, timeoutMs: number): Promise<Decoded | { kind: 'no-reply'; end: string }> {
  s.write(request);
  const r = await s.read({ complete: frameComplete, timeoutMs, maxBytes: 16 * 1024 });
  if (!r.data.length) return { kind: 'no-reply', end: r.end };
  return decodeSmb(r.data);
}

export const statusHex = (s: number): string => `0x${(s >>> 0).toString(16).padStart(8, '0').toUpperCase()}`;
