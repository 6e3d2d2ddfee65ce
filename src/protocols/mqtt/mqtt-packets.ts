// MQTT 3.1.1 control packets (OASIS MQTT v3.1.1 §2-3): the few a read-only identification needs —
// CONNECT (no credentials), CONNACK, SUBSCRIBE/SUBACK, PUBLISH (incoming), DISCONNECT. Pure encode/decode;
// every length from the peer is bounded before use.

export const PACKET = { CONNECT: 1, CONNACK: 2, PUBLISH: 3, SUBSCRIBE: 8, SUBACK: 9, PINGRESP: 13, DISCONNECT: 14 } as const;

/** CONNACK return codes, §3.2.2.3. */
export const CONNACK_CODES: Record<number, string> = {
  0: 'accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

function encodeLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function packet(typeAndFlags: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([typeAndFlags]), encodeLength(body.length), body]);
}

/** CONNECT, protocol level 4 (3.1.1), clean session, no will, no user name or password. */
export function encodeConnect(clientId: string, keepAliveSec = 30): Buffer {
  const vh = Buffer.concat([str('MQTT'), Buffer.from([4, 0x02, (keepAliveSec >> 8) & 0xff, keepAliveSec & 0xff])]);
  return packet(PACKET.CONNECT << 4, Buffer.concat([vh, str(clientId)]));
}

export function encodeSubscribe(packetId: number, topic: string, qos = 0): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  return packet((PACKET.SUBSCRIBE << 4) | 0x02, Buffer.concat([id, str(topic), Buffer.from([qos])]));
}

export const encodeDisconnect = (): Buffer => Buffer.from([PACKET.DISCONNECT << 4, 0]);

export interface RawPacket {
  type: number;
  flags: number;
  body: Buffer;
  /** Bytes the packet took in the buffer. */
  size: number;
}

/**
 * Reads one packet from the front of `buf`. 'incomplete' when more bytes are needed, 'invalid' for a
 * malformed length (more than 4 length bytes, §2.2.3) or one above `maxBody`.
 */
export function readPacket(buf: Buffer, maxBody = 4096): RawPacket | 'incomplete' | 'invalid' {
  if (buf.length < 2) return 'incomplete';
  let len = 0;
  let mul = 1;
  let i = 1;
  for (;;) {
    if (i > 4) return 'invalid';
    if (i >= buf.length) return 'incomplete';
    const b = buf[i] as number;
    len += (b & 0x7f) * mul;
    mul *= 128;
    i++;
    if ((b & 0x80) === 0) break;
  }
  if (len > maxBody) return 'invalid';
  if (buf.length < i + len) return 'incomplete';
  const first = buf[0] as number;
  return { type: first >> 4, flags: first & 0x0f, body: buf.subarray(i, i + len), size: i + len };
}

export interface Connack {
  sessionPresent: boolean;
  returnCode: number;
}

export function decodeConnack(p: RawPacket): Connack | null {
  // 3.1.1: exactly two bytes, flags 0. (An MQTT 5 broker answering a 3.1.1 CONNECT also sends two.)
  if (p.type !== PACKET.CONNACK || p.flags !== 0 || p.body.length < 2) return null;
  const ack = p.body[0] as number;
  if (ack & 0xfe) return null;
  return { sessionPresent: (ack & 1) === 1, returnCode: p.body[1] as number };
}

export function decodePublish(p: RawPacket): { topic: string; payload: Buffer } | null {
  if (p.type !== PACKET.PUBLISH || p.body.length < 2) return null;
  const tlen = p.body.readUInt16BE(0);
  const qos = (p.flags >> 1) & 3;
  const start = 2 + tlen + (qos > 0 ? 2 : 0);
  if (start > p.body.length || qos === 3) return null;
  return { topic: p.body.subarray(2, 2 + tlen).toString('utf8'), payload: p.body.subarray(start) };
}

/** "mosquitto version 2.0.11" and the like → product + version (+ CPE for known brokers). */
export function fingerprintBrokerVersion(text: string): { product: string; version: string | null; cpes: string[] } {
  const t = text.replace(/[\x00-\x1f\x7f]/g, ' ').trim().slice(0, 120);
  let m = /^mosquitto version (\d+\.\d+\.\d+)/i.exec(t);
  if (m?.[1]) return { product: 'Mosquitto', version: m[1], cpes: [`cpe:2.3:a:eclipse:mosquitto:${m[1]}:*:*:*:*:*:*:*`] };
  m = /^(\S+?)[ /-]v?(\d+(?:\.\d+)+)/.exec(t);
  if (m?.[1]) return { product: m[1], version: m[2] ?? null, cpes: [] };
  return { product: t, version: null, cpes: [] };
}
