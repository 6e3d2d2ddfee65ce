// BACnet APDUs for device identification (ASHRAE 135 clauses 20.1, 16.10 Who-Is/I-Am, 15.5
// ReadProperty). Unconfirmed Who-Is `10 08`; I-Am `10 00` + object id, max APDU, segmentation, vendor
// id (application tags); confirmed ReadProperty `00 05 <invoke> 0C` + [0] object id + [1] property
// id; ComplexACK `30 <invoke> 0C` + [0] [1] ([2] index) [3]{ value } ; Error `50 <invoke> <svc>` +
// class + code; Reject `60`; Abort `70`. Pure.
import { decodeAppValue, decodeTag, encodeObjectId, readUnsigned, type AppValue } from './tags.js';

export const OBJECT_DEVICE = 8;
export const WILDCARD_INSTANCE = 4194303;

export const PROPERTIES = {
  APPLICATION_SOFTWARE_VERSION: 12,
  DESCRIPTION: 28,
  FIRMWARE_REVISION: 44,
  LOCATION: 58,
  MODEL_NAME: 70,
  OBJECT_IDENTIFIER: 75,
  OBJECT_NAME: 77,
  VENDOR_IDENTIFIER: 120,
  VENDOR_NAME: 121,
} as const;

/** Confirmed services that change a device: emulators flag them, probes never send them. */
export const WRITE_SERVICES: Readonly<Record<number, string>> = {
  0x07: 'AtomicWriteFile', 0x08: 'AddListElement', 0x09: 'RemoveListElement', 0x0a: 'CreateObject', 0x0b: 'DeleteObject',
  0x0f: 'WriteProperty', 0x10: 'WritePropertyMultiple', 0x11: 'DeviceCommunicationControl', 0x14: 'ReinitializeDevice',
};

export const encodeWhoIs = (): Buffer => Buffer.from([0x10, 0x08]);

export interface IAm {
  instance: number;
  maxApdu: number;
  segmentation: number;
  vendorId: number;
}

export function decodeIAm(apdu: Buffer): IAm | null {
  if (apdu.length < 4 || apdu[0] !== 0x10 || apdu[1] !== 0x00) return null;
  const vals: AppValue[] = [];
  let at = 2;
  for (let i = 0; i < 4; i += 1) {
    const v = decodeAppValue(apdu, at);
    if (!v) return null;
    vals.push(v.value);
    at = v.next;
  }
  const [oid, max, seg, vendor] = vals;
  if (oid?.type !== 'object' || oid.objectType !== OBJECT_DEVICE) return null;
  if (max?.type !== 'unsigned' || seg?.type !== 'enumerated' || vendor?.type !== 'unsigned') return null;
  return { instance: oid.instance, maxApdu: max.value, segmentation: seg.value, vendorId: vendor.value };
}

export function encodeReadProperty(invokeId: number, objectType: number, instance: number, property: number): Buffer {
  const prop = property < 256 ? Buffer.from([0x19, property]) : Buffer.from([0x1a, (property >> 8) & 0xff, property & 0xff]);
  return Buffer.concat([Buffer.from([0x00, 0x05, invokeId & 0xff, 0x0c, 0x0c]), encodeObjectId(objectType, instance), prop]);
}

export type ReadPropertyResult =
  | { kind: 'ack'; invokeId: number; objectType: number; instance: number; property: number; values: AppValue[] }
  | { kind: 'error'; invokeId: number; errorClass: number; errorCode: number }
  | { kind: 'reject' | 'abort'; invokeId: number; reason: number };

/** Decodes the reply to a ReadProperty; null for anything else or anything malformed. */
export function decodeReadPropertyReply(apdu: Buffer): ReadPropertyResult | null {
  const type = (apdu[0] ?? 0) >> 4;
  const invokeId = apdu[1] ?? 0;
  if (type === 6 || type === 7) return apdu.length >= 3 ? { kind: type === 6 ? 'reject' : 'abort', invokeId, reason: apdu[2] ?? 0 } : null;
  if (type === 5) {
    if (apdu.length < 3 || apdu[2] !== 0x0c) return null;
    const c = decodeAppValue(apdu, 3);
    const e = c ? decodeAppValue(apdu, c.next) : null;
    if (c?.value.type !== 'enumerated' || e?.value.type !== 'enumerated') return null;
    return { kind: 'error', invokeId, errorClass: c.value.value, errorCode: e.value.value };
  }
  if (type !== 3 || (apdu[0] ?? 0) & 0x08 || apdu.length < 3 || apdu[2] !== 0x0c) return null; // segmented ACKs are not reassembled
  let at = 3;
  const t0 = decodeTag(apdu, at);
  if (!t0?.context || t0.number !== 0 || t0.length !== 4) return null;
  const oid = apdu.readUInt32BE(at + t0.headerLength);
  at += t0.headerLength + 4;
  const t1 = decodeTag(apdu, at);
  if (!t1?.context || t1.number !== 1 || t1.length < 1 || t1.length > 4) return null;
  const property = readUnsigned(apdu.subarray(at + t1.headerLength, at + t1.headerLength + t1.length));
  at += t1.headerLength + t1.length;
  let t = decodeTag(apdu, at);
  if (t?.context && t.number === 2 && !t.opening) {
    at += t.headerLength + t.length;
    t = decodeTag(apdu, at);
  }
  if (!t?.opening || t.number !== 3) return null;
  at += t.headerLength;
  const values: AppValue[] = [];
  for (let i = 0; i < 64; i += 1) {
    const end = decodeTag(apdu, at);
    if (!end) return null;
    if (end.closing && end.number === 3) return { kind: 'ack', invokeId, objectType: oid >>> 22, instance: oid & 0x3fffff, property, values };
    const v = decodeAppValue(apdu, at);
    if (!v) return null;
    values.push(v.value);
    at = v.next;
  }
  return null;
}
