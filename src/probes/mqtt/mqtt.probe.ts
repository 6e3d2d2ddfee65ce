// MQTT identification and anonymous-access state. Wire: CONNECT (3.1.1, clean session, random client id,
// NO user name or password) → CONNACK return code. If the broker accepts anonymous clients, one
// SUBSCRIBE to "$SYS/broker/version" (QoS 0) reads its version for up to a second, then DISCONNECT.
// Nothing is ever published. A session is opened without credentials, read-only: S2. On 8883 (or with
// tls: 'always') the same exchange runs inside TLS and the broker certificate is summarised.
// Facts: broker reachable, anonymous accepted (rc 0) or refused (rc 5/4), broker product and version
// (mosquitto version 2.0.11 → cpe:2.3:a:eclipse:mosquitto:2.0.11).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isUnreachable, type TcpSession } from '../../net/tcp-session.js';
import {
  CONNACK_CODES,
  decodeConnack,
  decodePublish,
  encodeConnect,
  encodeDisconnect,
  encodeSubscribe,
  fingerprintBrokerVersion,
  PACKET,
  readPacket,
  type RawPacket,
} from '../../protocols/mqtt/mqtt-packets.js';
import { summarizeCertificate, type CertificateSummary } from '../../protocols/http/tls-certificate.js';
import { defineProbe } from '../types.js';

export const mqttOptionsSchema = z
  .object({ readVersion: z.boolean().default(true), tls: z.enum(['auto', 'always', 'never']).default('auto') })
  .strict();
export type MqttOptions = z.infer<typeof mqttOptionsSchema>;

export interface MqttAttributes {
  protocolLevel: 4;
  returnCode: number;
  returnCodeText: string;
  anonymousAccepted: boolean;
  brokerVersion: string | null;
  tls: boolean;
  certificate: CertificateSummary | null;
}

const TLS_PORTS = new Set([8883]);

const VERSION_TOPIC = '$SYS/broker/version';

/** Reads whole packets; gives up on the first malformed one. */
async function nextPacket(s: TcpSession, pending: { buf: Buffer }, timeoutMs?: number): Promise<RawPacket | null> {
  for (;;) {
    const p = readPacket(pending.buf);
    if (p === 'invalid') return null;
    if (p !== 'incomplete') {
      pending.buf = pending.buf.subarray(p.size);
      return p;
    }
    const r = await s.read({ complete: (b) => readPacket(Buffer.concat([pending.buf, b])) !== 'incomplete', ...(timeoutMs ? { timeoutMs } : {}) });
    if (r.data.length === 0) return null;
    pending.buf = Buffer.concat([pending.buf, r.data]);
    if (r.end !== 'complete' && readPacket(pending.buf) === 'incomplete') return null;
  }
}

export const mqttProbe = defineProbe<MqttOptions, MqttAttributes>({
  id: 'mqtt-connect',
  title: 'MQTT broker and anonymous access',
  protocol: 'mqtt',
  transport: 'tcp',
  defaultPorts: [1883, 8883],
  safety: 'S2',
  ot: false,
  tags: ['discovery', 'version', 'iot'],
  priority: 60,
  optionsSchema: mqttOptionsSchema,
  async run(ctx) {
    const mode = ctx.options.tls ?? 'auto';
    const tls = mode === 'always' || (mode === 'auto' && TLS_PORTS.has(ctx.port));
    const s = await ctx.net.tcp({ maxBytes: 16 * 1024, tls });
    if (isUnreachable(s)) return s;
    try {
      s.write(encodeConnect(`mamori-${randomBytes(4).toString('hex')}`));
      const pending = { buf: Buffer.alloc(0) };
      const first = await nextPacket(s, pending);
      const ack = first ? decodeConnack(first) : null;
      if (!ack || !(ack.returnCode in CONNACK_CODES)) {
        return { kind: 'not-matched', note: first ? 'reply is not an MQTT CONNACK' : 'no CONNACK', transcript: s.transcript };
      }
      let brokerVersion: string | null = null;
      if (ack.returnCode === 0 && (ctx.options.readVersion ?? true)) {
        s.write(encodeSubscribe(1, VERSION_TOPIC));
        const until = Math.min(ctx.deadline, Date.now() + 1000);
        for (let i = 0; i < 20 && Date.now() < until; i++) {
          const p = await nextPacket(s, pending, until - Date.now());
          if (!p) break;
          if (p.type !== PACKET.PUBLISH) continue;
          const pub = decodePublish(p);
          if (pub?.topic === VERSION_TOPIC) {
            brokerVersion = pub.payload.subarray(0, 120).toString('utf8').replace(/[\x00-\x1f\x7f]/g, ' ').trim();
            break;
          }
        }
      }
      if (ack.returnCode === 0) s.write(encodeDisconnect());
      const cert = tls ? s.peerCertificate() : null;
      const certificate = cert ? summarizeCertificate(cert, Date.now()) : null;
      const fp = brokerVersion ? fingerprintBrokerVersion(brokerVersion) : null;
      const text = CONNACK_CODES[ack.returnCode] ?? 'unknown';
      const evidence = [{ label: 'CONNACK', excerpt: `return code ${ack.returnCode} (${text}) to a CONNECT without credentials` }];
      if (brokerVersion) evidence.push({ label: VERSION_TOPIC, excerpt: brokerVersion });
      return {
        kind: 'identified',
        facts: {
          confidence: 'confirmed',
          // Still 'mqtt' over TLS (attributes.tls says so): checks select on the service name.
          service: 'mqtt',
          ...(fp ? { product: fp.product } : {}),
          ...(fp?.version ? { version: fp.version } : {}),
          ...(brokerVersion ? { banner: brokerVersion } : {}),
          device: { ...(fp?.cpes.length ? { cpes: fp.cpes } : {}), kind: 'broker' },
          attributes: { protocolLevel: 4, returnCode: ack.returnCode, returnCodeText: text, anonymousAccepted: ack.returnCode === 0, brokerVersion, tls, certificate },
          evidence,
          transcript: s.transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
