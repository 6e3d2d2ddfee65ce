// SNMPv3 engine discovery (RFC 3414 §4): a GetRequest with an empty USM user and engine ID and the
// reportable flag makes any v3-capable agent answer with a Report (usmStatsUnknownEngineIDs) carrying its
// authoritative engine ID, boots and time. No community or user is sent, so it needs no credential.
// Engine ID layout (RFC 3411 §5, SnmpEngineID): 4 bytes enterprise number with the top bit set, a format
// byte (1 IPv4, 2 IPv6, 3 MAC, 4 text, 5 octets, 128+ enterprise-specific), then the value.
import { BerError, decodeInteger, readChildren, readTlv, encodeInteger, TAG, tlv } from './ber.js';

const PDU_GET = 0xa0;
const PDU_REPORT = 0xa8;

export function encodeV3Discovery(msgId: number, requestId: number): Buffer {
  const globalData = tlv(TAG.SEQUENCE, Buffer.concat([encodeInteger(msgId), encodeInteger(65507), tlv(TAG.OCTET_STRING, Buffer.from([0x04])), encodeInteger(3)]));
  const empty = tlv(TAG.OCTET_STRING, Buffer.alloc(0));
  const usm = tlv(TAG.SEQUENCE, Buffer.concat([empty, encodeInteger(0), encodeInteger(0), empty, empty, empty]));
  const pdu = tlv(PDU_GET, Buffer.concat([encodeInteger(requestId), encodeInteger(0), encodeInteger(0), tlv(TAG.SEQUENCE, Buffer.alloc(0))]));
  const scoped = tlv(TAG.SEQUENCE, Buffer.concat([empty, empty, pdu]));
  return tlv(TAG.SEQUENCE, Buffer.concat([encodeInteger(3), globalData, tlv(TAG.OCTET_STRING, usm), scoped]));
}

export interface V3Report {
  msgId: number;
  engineId: Buffer;
  engineBoots: number;
  engineTime: number;
}

/** Decodes the agent's discovery Report; null for anything else. */
export function decodeV3Report(buf: Buffer): V3Report | null {
  try {
    const msg = readTlv(buf, 0);
    if (msg.tag !== TAG.SEQUENCE) return null;
    const [ver, global, sec, data] = readChildren(msg.value, 4);
    if (!ver || ver.tag !== TAG.INTEGER || decodeInteger(ver.value) !== 3) return null;
    if (!global || global.tag !== TAG.SEQUENCE || !sec || sec.tag !== TAG.OCTET_STRING || !data) return null;
    const [id] = readChildren(global.value, 4);
    if (!id || id.tag !== TAG.INTEGER) return null;
    const usm = readTlv(sec.value, 0);
    if (usm.tag !== TAG.SEQUENCE) return null;
    const [engine, boots, time] = readChildren(usm.value, 6);
    if (!engine || engine.tag !== TAG.OCTET_STRING || !boots || boots.tag !== TAG.INTEGER || !time || time.tag !== TAG.INTEGER) return null;
    // Unencrypted scoped PDU: SEQUENCE { contextEngineID, contextName, Report }.
    if (data.tag !== TAG.SEQUENCE) return null;
    const [, , pdu] = readChildren(data.value, 3);
    if (!pdu || pdu.tag !== PDU_REPORT) return null;
    if (engine.value.length < 5 || engine.value.length > 32) return null;
    return { msgId: decodeInteger(id.value), engineId: Buffer.from(engine.value), engineBoots: decodeInteger(boots.value), engineTime: decodeInteger(time.value) };
  } catch (e) {
    if (e instanceof BerError) return null;
    throw e;
  }
}

export interface EngineIdFacts {
  enterprise: number | null;
  format: string;
  /** MAC address (format 3), IPv4 (1) or text (4) when the engine ID carries one. */
  mac: string | null;
  ipv4: string | null;
  text: string | null;
  hex: string;
}

export function describeEngineId(id: Buffer): EngineIdFacts {
  const hex = id.toString('hex');
  const out: EngineIdFacts = { enterprise: null, format: 'unknown', mac: null, ipv4: null, text: null, hex };
  if (id.length < 5 || !((id[0] as number) & 0x80)) return { ...out, format: 'rfc1910' };
  out.enterprise = id.readUInt32BE(0) & 0x7fffffff;
  const fmt = id[4] as number;
  const v = id.subarray(5);
  if (fmt === 1 && v.length === 4) out.ipv4 = [...v].join('.');
  else if (fmt === 3 && v.length === 6) out.mac = [...v].map((b) => b.toString(16).padStart(2, '0')).join(':');
  else if (fmt === 4) out.text = v.toString('utf8').replace(/[\x00-\x1f\x7f]/g, '').slice(0, 27);
  out.format = ({ 1: 'ipv4', 2: 'ipv6', 3: 'mac', 4: 'text', 5: 'octets' } as Record<number, string>)[fmt] ?? (fmt >= 128 ? 'enterprise' : 'reserved');
  return out;
}
