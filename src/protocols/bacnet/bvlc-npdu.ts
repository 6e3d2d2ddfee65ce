// BACnet/IP framing (ANSI/ASHRAE 135 Annex J and clause 6): BVLC header `81 <function> <length 2>`
// (0x0A Original-Unicast-NPDU, 0x0B Original-Broadcast-NPDU, 0x04 Forwarded-NPDU with the 6-byte
// original source), then the NPDU: version 0x01, control (0x80 network-layer message, 0x20 DNET
// present, 0x08 SNET present, 0x04 expecting reply), optional DNET/DLEN/DADR, SNET/SLEN/SADR and hop
// count, then the APDU. Pure.

export const BVLC_TYPE = 0x81;
export const BVLC = { FORWARDED: 0x04, UNICAST: 0x0a, BROADCAST: 0x0b } as const;
const MAX_FRAME = 1497; // BVLC 4 + NPDU + max APDU 1476 with room for routing fields

/** A unicast BVLC frame with a local NPDU (no routing). `expectingReply` for confirmed requests. */
export function encodeBacnetIp(apdu: Buffer, expectingReply: boolean): Buffer {
  const npdu = Buffer.from([0x01, expectingReply ? 0x04 : 0x00]);
  const len = 4 + npdu.length + apdu.length;
  return Buffer.concat([Buffer.from([BVLC_TYPE, BVLC.UNICAST, (len >> 8) & 0xff, len & 0xff]), npdu, apdu]);
}

/** The APDU inside a BACnet/IP datagram; null for non-BACnet bytes, bad lengths or network-layer messages. */
export function decodeBacnetIp(buf: Buffer): { bvlcFunction: number; apdu: Buffer } | null {
  if (buf.length < 6 || buf.length > MAX_FRAME || buf[0] !== BVLC_TYPE) return null;
  const fn = buf[1] ?? 0;
  if (buf.readUInt16BE(2) !== buf.length) return null;
  let at = 4;
  if (fn === BVLC.FORWARDED) at += 6;
  else if (fn !== BVLC.UNICAST && fn !== BVLC.BROADCAST) return null;
  if (buf[at] !== 0x01) return null;
  const control = buf[at + 1];
  if (control === undefined || (control & 0x80) !== 0) return null;
  at += 2;
  if (control & 0x20) {
    const dlen = buf[at + 2];
    if (dlen === undefined) return null;
    at += 3 + dlen;
  }
  if (control & 0x08) {
    const slen = buf[at + 2];
    if (slen === undefined) return null;
    at += 3 + slen;
  }
  if (control & 0x20) at += 1; // hop count
  if (at >= buf.length) return null;
  return { bvlcFunction: fn, apdu: Buffer.from(buf.subarray(at)) };
}
