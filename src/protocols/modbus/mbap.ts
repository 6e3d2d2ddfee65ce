// Modbus/TCP framing (Modbus Messaging on TCP/IP Implementation Guide V1.0b §3.1.3): the 7-byte MBAP
// header — transaction id (2), protocol id 0x0000 (2), length = bytes that follow (2), unit id (1) —
// then the PDU (function code + data, at most 253 bytes). Pure encode/decode.

export interface MbapFrame {
  transactionId: number;
  unitId: number;
  pdu: Buffer;
}

export const MBAP_HEADER = 7;
const MAX_PDU = 253;

export function encodeMbap(f: MbapFrame): Buffer {
  if (f.pdu.length < 1 || f.pdu.length > MAX_PDU) throw new RangeError(`modbus pdu length ${f.pdu.length} outside 1..${MAX_PDU}`);
  const h = Buffer.alloc(MBAP_HEADER);
  h.writeUInt16BE(f.transactionId & 0xffff, 0);
  h.writeUInt16BE(0, 2);
  h.writeUInt16BE(f.pdu.length + 1, 4);
  h.writeUInt8(f.unitId & 0xff, 6);
  return Buffer.concat([h, f.pdu]);
}

export type MbapDecode =
  | { ok: true; frame: MbapFrame; rest: Buffer }
  | { ok: false; reason: 'short' | 'protocol-id' | 'length' };

/** Decodes the first frame of `buf`. 'short' means wait for more bytes; the others mean "not Modbus". */
export function decodeMbap(buf: Buffer): MbapDecode {
  if (buf.length < 6) return { ok: false, reason: 'short' };
  if (buf.readUInt16BE(2) !== 0) return { ok: false, reason: 'protocol-id' };
  const len = buf.readUInt16BE(4);
  if (len < 2 || len > MAX_PDU + 1) return { ok: false, reason: 'length' };
  if (buf.length < 6 + len) return { ok: false, reason: 'short' };
  return {
    ok: true,
    frame: { transactionId: buf.readUInt16BE(0), unitId: buf.readUInt8(6), pdu: Buffer.from(buf.subarray(7, 6 + len)) },
    rest: buf.subarray(6 + len),
  };
}

/** Read predicate: a whole frame is in, or the header already shows this is not Modbus. */
export function mbapComplete(buf: Buffer): boolean {
  const d = decodeMbap(buf);
  return d.ok || d.reason !== 'short';
}
