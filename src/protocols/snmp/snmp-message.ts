// SNMPv1 / v2c messages (RFC 1157, RFC 3416): GetRequest encoding and Response decoding over the BER
// codec. A Response is accepted only when version, community and request-id all match the request.
import { BerError, decodeInteger, decodeOid, decodeUnsigned, encodeInteger, encodeOid, readChildren, readTlv, TAG, tlv } from './ber.js';

export const SNMP_VERSION = { v1: 0, v2c: 1 } as const;
export type SnmpVersion = keyof typeof SNMP_VERSION;

const PDU_GET = 0xa0;
const PDU_RESPONSE = 0xa2;

export const OIDS = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

/** RFC 3416 error-status names. */
export const ERROR_STATUS = ['noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr'] as const;

export type VarValue =
  | { type: 'string'; value: Buffer }
  | { type: 'oid'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'unsigned'; value: number | string; tag: number }
  | { type: 'ip'; value: string }
  | { type: 'null' }
  | { type: 'exception'; value: 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' }
  | { type: 'other'; tag: number };

export interface SnmpResponse {
  version: number;
  community: Buffer;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  varbinds: { oid: string; value: VarValue }[];
}

export function encodeGetRequest(version: SnmpVersion, community: string | Buffer, requestId: number, oids: readonly string[]): Buffer {
  const vbs = oids.map((o) => tlv(TAG.SEQUENCE, Buffer.concat([encodeOid(o), Buffer.from([TAG.NULL, 0])])));
  const pdu = tlv(PDU_GET, Buffer.concat([encodeInteger(requestId), encodeInteger(0), encodeInteger(0), tlv(TAG.SEQUENCE, Buffer.concat(vbs))]));
  const comm = typeof community === 'string' ? Buffer.from(community, 'utf8') : community;
  return tlv(TAG.SEQUENCE, Buffer.concat([encodeInteger(SNMP_VERSION[version]), tlv(TAG.OCTET_STRING, comm), pdu]));
}

function decodeValue(tag: number, v: Buffer): VarValue {
  switch (tag) {
    case TAG.OCTET_STRING:
    case TAG.OPAQUE:
      return { type: 'string', value: v };
    case TAG.OID:
      return { type: 'oid', value: decodeOid(v) };
    case TAG.INTEGER:
      return { type: 'integer', value: decodeInteger(v) };
    case TAG.COUNTER32:
    case TAG.GAUGE32:
    case TAG.TIMETICKS:
    case TAG.COUNTER64:
      return { type: 'unsigned', value: decodeUnsigned(v), tag };
    case TAG.IP_ADDRESS:
      if (v.length !== 4) throw new BerError('ip size');
      return { type: 'ip', value: [...v].join('.') };
    case TAG.NULL:
      return { type: 'null' };
    case TAG.NO_SUCH_OBJECT:
      return { type: 'exception', value: 'noSuchObject' };
    case TAG.NO_SUCH_INSTANCE:
      return { type: 'exception', value: 'noSuchInstance' };
    case TAG.END_OF_MIB_VIEW:
      return { type: 'exception', value: 'endOfMibView' };
    default:
      return { type: 'other', tag };
  }
}

/** Decodes a Response PDU; null for anything else or anything malformed. */
export function decodeResponse(buf: Buffer): SnmpResponse | null {
  try {
    const msg = readTlv(buf, 0);
    if (msg.tag !== TAG.SEQUENCE) return null;
    const [ver, comm, pdu] = readChildren(msg.value, 3);
    if (!ver || ver.tag !== TAG.INTEGER || !comm || comm.tag !== TAG.OCTET_STRING || !pdu || pdu.tag !== PDU_RESPONSE) return null;
    const [rid, es, ei, list] = readChildren(pdu.value, 4);
    if (!rid || !es || !ei || !list || rid.tag !== TAG.INTEGER || es.tag !== TAG.INTEGER || ei.tag !== TAG.INTEGER || list.tag !== TAG.SEQUENCE) return null;
    const varbinds = readChildren(list.value, 64).map((vb) => {
      if (vb.tag !== TAG.SEQUENCE) throw new BerError('varbind is not a sequence');
      const [name, value] = readChildren(vb.value, 2);
      if (!name || name.tag !== TAG.OID || !value) throw new BerError('bad varbind');
      return { oid: decodeOid(name.value), value: decodeValue(value.tag, value.value) };
    });
    return {
      version: decodeInteger(ver.value),
      community: comm.value,
      requestId: decodeInteger(rid.value),
      errorStatus: decodeInteger(es.value),
      errorIndex: decodeInteger(ei.value),
      varbinds,
    };
  } catch (e) {
    if (e instanceof BerError) return null;
    throw e;
  }
}

/** Printable text of an OCTET STRING value: control characters removed, capped. */
export function varText(v: VarValue | undefined, max = 512): string | null {
  if (!v) return null;
  if (v.type === 'string') return v.value.subarray(0, max * 2).toString('utf8').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
  if (v.type === 'oid' || v.type === 'ip') return v.value;
  if (v.type === 'integer' || v.type === 'unsigned') return String(v.value);
  return null;
}
