// S7comm PDUs (protocol id 0x32), as documented by the Wireshark s7comm dissector (packet-s7comm.c)
// and Snap7: header `32 <ROSCTR> 0000 <pdu ref> <param len> <data len>` (+ error class/code for
// ROSCTR 2/3). Only what identification needs is encoded: Setup Communication (job, function 0xF0)
// and the userdata "CPU functions / Read SZL" request. Pure encode/decode.

export const ROSCTR = { JOB: 0x01, ACK: 0x02, ACK_DATA: 0x03, USERDATA: 0x07 } as const;

/** Job functions (Wireshark s7comm): which ones change the PLC. */
export const S7_FUNCTIONS: Readonly<Record<number, { name: string; write: boolean }>> = {
  0x00: { name: 'cpu-services', write: false },
  0xf0: { name: 'setup-communication', write: false },
  0x04: { name: 'read-var', write: false },
  0x05: { name: 'write-var', write: true },
  0x1a: { name: 'request-download', write: true },
  0x1b: { name: 'download-block', write: true },
  0x1c: { name: 'download-ended', write: true },
  0x1d: { name: 'start-upload', write: false },
  0x1e: { name: 'upload', write: false },
  0x1f: { name: 'end-upload', write: false },
  0x28: { name: 'pi-service', write: true },
  0x29: { name: 'plc-stop', write: true },
};

export interface S7Pdu {
  rosctr: number;
  pduRef: number;
  param: Buffer;
  data: Buffer;
  error: { class: number; code: number } | null;
}

function header(rosctr: number, pduRef: number, paramLen: number, dataLen: number): Buffer {
  const h = Buffer.alloc(10);
  h[0] = 0x32;
  h[1] = rosctr;
  h.writeUInt16BE(pduRef & 0xffff, 4);
  h.writeUInt16BE(paramLen, 6);
  h.writeUInt16BE(dataLen, 8);
  return h;
}

export function encodeS7(p: Omit<S7Pdu, 'error'> & { error?: S7Pdu['error'] }): Buffer {
  const h = header(p.rosctr, p.pduRef, p.param.length, p.data.length);
  const err = p.rosctr === ROSCTR.ACK || p.rosctr === ROSCTR.ACK_DATA ? Buffer.from([p.error?.class ?? 0, p.error?.code ?? 0]) : Buffer.alloc(0);
  return Buffer.concat([h, err, p.param, p.data]);
}

export function decodeS7(buf: Buffer): S7Pdu | null {
  if (buf.length < 10 || buf[0] !== 0x32) return null;
  const rosctr = buf[1] ?? 0;
  if (![1, 2, 3, 7].includes(rosctr)) return null;
  const hl = rosctr === ROSCTR.ACK || rosctr === ROSCTR.ACK_DATA ? 12 : 10;
  if (buf.length < hl) return null;
  const paramLen = buf.readUInt16BE(6);
  const dataLen = buf.readUInt16BE(8);
  if (hl + paramLen + dataLen !== buf.length) return null;
  return {
    rosctr,
    pduRef: buf.readUInt16BE(4),
    param: Buffer.from(buf.subarray(hl, hl + paramLen)),
    data: Buffer.from(buf.subarray(hl + paramLen)),
    error: hl === 12 ? { class: buf[10] ?? 0, code: buf[11] ?? 0 } : null,
  };
}

/** Setup Communication: max AmQ calling/called 1, requested PDU length 480. */
export function encodeSetupCommunication(pduRef: number, pduLength = 480): Buffer {
  const param = Buffer.from([0xf0, 0x00, 0x00, 0x01, 0x00, 0x01, (pduLength >> 8) & 0xff, pduLength & 0xff]);
  return encodeS7({ rosctr: ROSCTR.JOB, pduRef, param, data: Buffer.alloc(0) });
}

/** The negotiated PDU length of a Setup Communication ack, or null when `p` is not one. */
export function decodeSetupAck(p: S7Pdu): { pduLength: number } | null {
  if (p.rosctr !== ROSCTR.ACK_DATA || p.param.length !== 8 || p.param[0] !== 0xf0) return null;
  if (p.error && (p.error.class !== 0 || p.error.code !== 0)) return null;
  return { pduLength: p.param.readUInt16BE(6) };
}

/**
 * Userdata request, CPU functions (group 4), subfunction 01 Read SZL: parameter
 * `00 01 12 04 11 44 01 00` (head, length 4, method 0x11 request, type 4 / group 4, subfn 1, seq 0),
 * data `FF 09 0004 <SZL-ID> <index>`.
 */
export function encodeSzlRead(pduRef: number, szlId: number, index: number): Buffer {
  const param = Buffer.from([0x00, 0x01, 0x12, 0x04, 0x11, 0x44, 0x01, 0x00]);
  const data = Buffer.from([0xff, 0x09, 0x00, 0x04, (szlId >> 8) & 0xff, szlId & 0xff, (index >> 8) & 0xff, index & 0xff]);
  return encodeS7({ rosctr: ROSCTR.USERDATA, pduRef, param, data });
}

export type SzlResult =
  | { ok: true; szlId: number; index: number; recordLength: number; records: Buffer[] }
  | { ok: false; returnCode: number; errorCode: number };

/** Decodes a Read SZL response (userdata, method 0x12); null when `p` is not one. */
export function decodeSzlResponse(p: S7Pdu): SzlResult | null {
  if (p.rosctr !== ROSCTR.USERDATA || p.param.length < 8 || p.param[0] !== 0x00 || p.param[1] !== 0x01 || p.param[2] !== 0x12) return null;
  if (p.param[4] !== 0x12 || ((p.param[5] ?? 0) & 0x0f) !== 0x04 || p.param[6] !== 0x01) return null;
  const errorCode = p.param.length >= 12 ? p.param.readUInt16BE(10) : 0;
  if (p.data.length < 4) return null;
  const returnCode = p.data[0] ?? 0;
  if (returnCode !== 0xff) return { ok: false, returnCode, errorCode };
  const len = p.data.readUInt16BE(2);
  if (len + 4 !== p.data.length || len < 8) return null;
  const szlId = p.data.readUInt16BE(4);
  const index = p.data.readUInt16BE(6);
  const recordLength = p.data.readUInt16BE(8);
  const count = p.data.readUInt16BE(10);
  if (recordLength === 0 || 12 + recordLength * count > p.data.length || count > 512) return null;
  const records: Buffer[] = [];
  for (let i = 0; i < count; i += 1) records.push(Buffer.from(p.data.subarray(12 + i * recordLength, 12 + (i + 1) * recordLength)));
  return { ok: true, szlId, index, recordLength, records };
}

/** Builds a Read SZL response (for emulators and fixtures). */
export function encodeSzlResponse(pduRef: number, seq: number, szlId: number, index: number, recordLength: number, records: Buffer[]): Buffer {
  const param = Buffer.from([0x00, 0x01, 0x12, 0x08, 0x12, 0x84, 0x01, seq & 0xff, 0x00, 0x00, 0x00, 0x00]);
  const body = Buffer.concat([Buffer.from([(szlId >> 8) & 0xff, szlId & 0xff, (index >> 8) & 0xff, index & 0xff, (recordLength >> 8) & 0xff, recordLength & 0xff, (records.length >> 8) & 0xff, records.length & 0xff]), ...records]);
  const data = Buffer.concat([Buffer.from([0xff, 0x09, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return encodeS7({ rosctr: ROSCTR.USERDATA, pduRef, param, data });
}

/** A Read SZL error response: return code (e.g. 0x0A object does not exist) and parameter error code. */
export function encodeSzlError(pduRef: number, seq: number, returnCode: number, errorCode: number): Buffer {
  const param = Buffer.from([0x00, 0x01, 0x12, 0x08, 0x12, 0x84, 0x01, seq & 0xff, 0x00, 0x00, (errorCode >> 8) & 0xff, errorCode & 0xff]);
  return encodeS7({ rosctr: ROSCTR.USERDATA, pduRef, param, data: Buffer.from([returnCode, 0x00, 0x00, 0x00]) });
}
