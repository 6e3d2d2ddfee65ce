// Read Device Identification: function 0x2B, MEI type 0x0E (Modbus Application Protocol V1.1b3
// §6.21). Request PDU `2B 0E <read code> <object id>`; read code 01 = basic stream (objects 0-2),
// 02 = regular (3-6), 03 = extended, 04 = one object. Response PDU: `2B 0E <code> <conformity>
// <more follows 00|FF> <next object id> <count> (<id> <len> <value>)*`, or the exception `AB <code>`.
import { EXCEPTION_CODES, MEI_READ_DEVICE_ID } from './function-codes.js';

export const OBJECT_NAMES: Readonly<Record<number, string>> = {
  0x00: 'VendorName',
  0x01: 'ProductCode',
  0x02: 'MajorMinorRevision',
  0x03: 'VendorUrl',
  0x04: 'ProductName',
  0x05: 'ModelName',
  0x06: 'UserApplicationName',
};

export type ReadDeviceIdCode = 1 | 2 | 3 | 4;

export const encodeDeviceIdRequest = (code: ReadDeviceIdCode, objectId: number): Buffer =>
  Buffer.from([0x2b, MEI_READ_DEVICE_ID, code, objectId & 0xff]);

export interface DeviceIdResponse {
  kind: 'objects';
  readCode: number;
  /** 0x01 basic, 0x02 regular, 0x03 extended; +0x80 when individual access is supported. */
  conformity: number;
  moreFollows: boolean;
  nextObjectId: number;
  objects: { id: number; value: string }[];
}

export interface ModbusException {
  kind: 'exception';
  functionCode: number;
  code: number;
  name: string;
}

/** Decodes a device-id response PDU; null for anything malformed (lengths overrun, wrong function). */
export function decodeDeviceIdResponse(pdu: Buffer): DeviceIdResponse | ModbusException | null {
  if (pdu.length === 2 && (pdu[0] ?? 0) === 0xab) {
    const code = pdu[1] ?? 0;
    return { kind: 'exception', functionCode: 0x2b, code, name: EXCEPTION_CODES[code] ?? `exception ${code}` };
  }
  if (pdu.length < 7 || pdu[0] !== 0x2b || pdu[1] !== MEI_READ_DEVICE_ID) return null;
  const more = pdu[4] ?? 0;
  if (more !== 0x00 && more !== 0xff) return null;
  const count = pdu[6] ?? 0;
  const objects: { id: number; value: string }[] = [];
  let at = 7;
  for (let i = 0; i < count; i += 1) {
    if (at + 2 > pdu.length) return null;
    const id = pdu[at] ?? 0;
    const len = pdu[at + 1] ?? 0;
    if (at + 2 + len > pdu.length) return null;
    // Values are ASCII per the spec; latin1 keeps any byte printable-safe and 1:1.
    objects.push({ id, value: pdu.subarray(at + 2, at + 2 + len).toString('latin1').replace(/[\0-\x1f\x7f]/g, '').trim() });
    at += 2 + len;
  }
  if (at !== pdu.length) return null;
  return { kind: 'objects', readCode: pdu[2] ?? 0, conformity: pdu[3] ?? 0, moreFollows: more === 0xff, nextObjectId: pdu[5] ?? 0, objects };
}

/** Any other exception response: function code with the high bit set, one exception byte. */
export function decodeException(pdu: Buffer): ModbusException | null {
  const fc = pdu[0] ?? 0;
  if (pdu.length !== 2 || (fc & 0x80) === 0) return null;
  const code = pdu[1] ?? 0;
  return { kind: 'exception', functionCode: fc & 0x7f, code, name: EXCEPTION_CODES[code] ?? `exception ${code}` };
}
