// EtherNet/IP ListIdentity (CIP Vol. 2 §2-4.2; detection-techniques.md §4.9; nmap enip-info.nse).
// On the wire: one 24-byte encapsulation header, command 0x0063, no data, no session — over TCP
// 44818 (enip-identity) or as one UDP datagram to 44818 (enip-identity-udp). One reply read, max
// 4 KiB. ListIdentity is the discovery request every EtherNet/IP device must answer without a
// session; it reads the Identity object only, hence S1. Never sent: RegisterSession, SendRRData /
// SendUnitData (explicit CIP messaging, where Set_Attribute and tag writes live), or broadcasts.
import { z } from 'zod';
import { decodeEncap, encapComplete } from '../../protocols/enip/encap.js';
import { decodeListIdentityReply, encodeListIdentity, type CipIdentity } from '../../protocols/enip/list-identity.js';
import { deviceKind, vendorShortName } from '../../protocols/enip/vendors.js';
import { isUnreachable, type TranscriptEntry } from '../../net/tcp-session.js';
import { defineProbe, type ProbeOutcome } from '../types.js';

export type EnipAttributes = CipIdentity;

const CONTEXT = Buffer.from('mamori01', 'latin1');

function outcome(reply: Buffer | null, transcript: readonly TranscriptEntry[]): ProbeOutcome<EnipAttributes> {
  if (!reply || reply.length === 0) return { kind: 'not-matched', note: 'no reply', transcript };
  const d = decodeEncap(reply);
  // Only a reply that echoes our sender context answers our request.
  const id = d.ok && d.frame.context.equals(CONTEXT) ? decodeListIdentityReply(d.frame) : null;
  if (!id) return { kind: 'not-matched', note: 'reply is not an EtherNet/IP ListIdentity', transcript };
  const vendor = vendorShortName(id.vendorId) ?? `CIP vendor ${id.vendorId}`;
  const kind = deviceKind(id.deviceType);
  return {
    kind: 'identified',
    facts: {
      confidence: 'confirmed',
      service: 'enip',
      ...(id.productName ? { product: id.productName } : {}),
      version: id.revision,
      device: {
        class: 'ot',
        ...(kind ? { kind } : {}),
        vendor,
        ...(id.productName ? { model: id.productName } : {}),
        firmware: { version: id.revision },
        serial: id.serialNumber,
      },
      attributes: id,
      evidence: [
        { label: 'vendor', excerpt: `${id.vendorId} ${id.vendor ?? 'unknown'}` },
        { label: 'device type', excerpt: `${id.deviceType} ${id.deviceTypeName ?? 'unknown'}` },
        { label: 'product', excerpt: `${id.productName} (code ${id.productCode}, rev ${id.revision})` },
        { label: 'serial', excerpt: id.serialNumber },
      ],
      transcript,
    },
  };
}

export const enipProbe = defineProbe<Record<string, never>, EnipAttributes>({
  id: 'enip-identity',
  title: 'EtherNet/IP ListIdentity (TCP)',
  protocol: 'enip',
  transport: 'tcp',
  defaultPorts: [44818],
  safety: 'S1',
  ot: true,
  tags: ['discovery', 'version', 'ics'],
  priority: 55,
  optionsSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 4096 });
    if (isUnreachable(s)) return s;
    try {
      s.write(encodeListIdentity(CONTEXT));
      const r = await s.read({ complete: encapComplete, maxBytes: 4096 });
      if (r.data.length === 0 && r.end !== 'closed') return { kind: 'unreachable', reason: 'timeout' };
      return outcome(r.data, [...s.transcript]);
    } finally {
      s.close();
    }
  },
});

export const enipUdpProbe = defineProbe<Record<string, never>, EnipAttributes>({
  id: 'enip-identity-udp',
  title: 'EtherNet/IP ListIdentity (UDP unicast)',
  protocol: 'enip',
  transport: 'udp',
  defaultPorts: [44818],
  safety: 'S1',
  ot: true,
  tags: ['discovery', 'version', 'ics'],
  priority: 55,
  optionsSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(ctx) {
    // Devices answer ListIdentity at once; a bounded wait keeps a silent UDP port from holding the
    // host's only (ot-safe) slot for the whole probe deadline.
    const r = await ctx.net.udp(encodeListIdentity(CONTEXT), { maxBytes: 4096, timeoutMs: 1000 });
    if (r.end !== 'reply') return { kind: 'unreachable', reason: r.end === 'error' ? 'refused' : 'timeout' };
    return outcome(r.reply, r.transcript);
  },
});
