// Siemens S7comm identification (detection-techniques.md §4.8; nmap s7-info.nse facts; Wireshark
// s7comm dissector). On the wire, one connection at a time to TCP 102:
//  1. TPKT+COTP Connection Request, calling TSAP 0x0100, called TSAP 0x0102 (rack 0, slot 2); if the
//     CPU answers with a Disconnect Request or closes, ONE more connection with called TSAP 0x0200;
//  2. S7 Setup Communication (job 0xF0, PDU length 480);
//  3. userdata Read SZL 0x0011 index 0x0001 (module identification: order number, firmware);
//  4. userdata Read SZL 0x001C index 0x0001 (component identification: names, plant id, serial).
// Every reply ≤ 2 KiB. These are the diagnostic reads an engineering station makes on connect; no
// variable, block or CPU state is touched, hence S1 (S2 in spirit for its use of a PLC connection
// slot, which is why the probe is `ot` and never holds more than one connection). Station and module
// names stay in the attributes: they are engineering names, not host names. Never sent: Read/
// Write Var, PLC stop, download, PI service, or any userdata beyond Read SZL.
import { z } from 'zod';
import {
  familyOf,
  parseComponentIdentification,
  parseModuleIdentification,
  s7Cpes,
  SZL_COMPONENT_ID,
  SZL_MODULE_ID,
  type ComponentIdentification,
  type ModuleIdentification,
} from '../../protocols/s7comm/szl.js';
import { decodeS7, decodeSetupAck, decodeSzlResponse, encodeSetupCommunication, encodeSzlRead } from '../../protocols/s7comm/s7.js';
import { COTP, type CotpTpdu, decodeCotp, decodeTpkt, encodeCotpCr, encodeCotpDt, encodeTpkt, tpktComplete } from '../../protocols/s7comm/tpkt-cotp.js';
import { isUnreachable, type TcpSession, type TranscriptEntry } from '../../net/tcp-session.js';
import { defineProbe, type ProbeContext, type ProbeOutcome } from '../types.js';

export const s7commOptionsSchema = z.object({
  /** Called TSAPs tried in order, one connection each (default rack 0 slot 2, then 0x0200). */
  calledTsaps: z.array(z.number().int().min(0).max(0xffff)).min(1).max(3).default([0x0102, 0x0200]),
});
export type S7commOptions = z.infer<typeof s7commOptionsSchema>;

export interface S7commAttributes {
  calledTsap: number;
  pduLength: number;
  family: string | null;
  module: ModuleIdentification | null;
  component: ComponentIdentification | null;
}

type Cotp = { kind: 'cc' } | { kind: 'refused' } | { kind: 'silent' } | { kind: 'foreign' };

type Tpdu = { t: 'none'; closed: boolean } | { t: 'foreign' } | { t: 'cotp'; cotp: CotpTpdu };

async function readTpdu(s: TcpSession): Promise<Tpdu> {
  const r = await s.read({ complete: tpktComplete, maxBytes: 2048 });
  if (r.data.length === 0) return { t: 'none', closed: r.end === 'closed' };
  const t = decodeTpkt(r.data);
  if (!t.ok) return { t: 'foreign' };
  const c = decodeCotp(t.payload);
  return c ? { t: 'cotp', cotp: c } : { t: 'foreign' };
}

async function connect(s: TcpSession, calledTsap: number): Promise<Cotp> {
  s.write(encodeTpkt(encodeCotpCr({ srcRef: 0x0001, callingTsap: 0x0100, calledTsap })));
  const r = await readTpdu(s);
  if (r.t === 'none') return r.closed ? { kind: 'refused' } : { kind: 'silent' };
  if (r.t === 'foreign') return { kind: 'foreign' };
  if (r.cotp.kind === 'connect' && r.cotp.type === COTP.CC) return { kind: 'cc' };
  if (r.cotp.kind === 'disconnect') return { kind: 'refused' };
  return { kind: 'foreign' };
}

/** One S7 request/response over COTP DT; null for silence, garbage or a non-S7 reply. */
async function exchange(s: TcpSession, pdu: Buffer) {
  s.write(encodeTpkt(encodeCotpDt(pdu)));
  const r = await readTpdu(s);
  if (r.t !== 'cotp' || r.cotp.kind !== 'data') return null;
  return decodeS7(r.cotp.data);
}

interface Identified {
  tsap: number;
  pduLength: number;
  module: ModuleIdentification | null;
  component: ComponentIdentification | null;
}

async function identify(ctx: ProbeContext<S7commOptions>, transcript: TranscriptEntry[]): Promise<ProbeOutcome<S7commAttributes> | Identified> {
  const tsaps = ctx.options.calledTsaps ?? [0x0102, 0x0200];
  for (const [i, tsap] of tsaps.entries()) {
    const s = await ctx.net.tcp({ maxBytes: 16 * 1024 });
    if (isUnreachable(s)) return i === 0 ? s : ({ kind: 'not-matched', note: 'COTP connection refused for every TSAP tried', transcript } as const);
    try {
      const c = await connect(s, tsap);
      transcript.push(...s.transcript.splice(0));
      if (c.kind === 'silent') return { kind: 'unreachable', reason: 'timeout' } as const;
      if (c.kind === 'foreign') return { kind: 'not-matched', note: 'reply is not TPKT/COTP', transcript } as const;
      if (c.kind === 'refused') continue; // DR or close: the next TSAP, on a fresh connection
      const ack = await exchange(s, encodeSetupCommunication(0x0100));
      const setup = ack ? decodeSetupAck(ack) : null;
      if (!setup) {
        transcript.push(...s.transcript.splice(0));
        return { kind: 'not-matched', note: 'COTP connected but no S7 Setup Communication ack', transcript } as const;
      }
      const m = await exchange(s, encodeSzlRead(0x0200, SZL_MODULE_ID, 0x0001));
      const mod = m ? decodeSzlResponse(m) : null;
      const c2 = await exchange(s, encodeSzlRead(0x0300, SZL_COMPONENT_ID, 0x0001));
      const comp = c2 ? decodeSzlResponse(c2) : null;
      transcript.push(...s.transcript.splice(0));
      return {
        tsap,
        pduLength: setup.pduLength,
        module: mod?.ok ? parseModuleIdentification(mod.records) : null,
        component: comp?.ok ? parseComponentIdentification(comp.records) : null,
      };
    } finally {
      s.close();
    }
  }
  return { kind: 'not-matched', note: 'COTP connection refused for every TSAP tried', transcript } as const;
}

export const s7commProbe = defineProbe<S7commOptions, S7commAttributes>({
  id: 's7comm-szl',
  title: 'Siemens S7comm identification (COTP, setup, SZL 0x0011/0x001C)',
  protocol: 's7comm',
  transport: 'tcp',
  defaultPorts: [102],
  safety: 'S1',
  ot: true,
  tags: ['discovery', 'version', 'ics'],
  priority: 55,
  optionsSchema: s7commOptionsSchema as unknown as z.ZodType<S7commOptions>,
  async run(ctx) {
    const transcript: TranscriptEntry[] = [];
    const r = await identify(ctx, transcript);
    if (!('tsap' in r)) return r;
    const order = r.module?.orderNumber ?? null;
    const firmware = r.module?.firmwareVersion ?? null;
    const family = order ? familyOf(order) : null;
    const serial = r.component?.serialNumber ?? null;
    const model = family ?? r.component?.moduleTypeName ?? order;
    return {
      kind: 'identified',
      facts: {
        confidence: 'confirmed',
        service: 's7comm',
        product: family ? `SIMATIC ${family}` : 'SIMATIC S7',
        ...(firmware ? { version: firmware } : {}),
        device: {
          class: 'ot',
          kind: 'plc',
          vendor: 'Siemens',
          ...(model ? { model } : {}),
          ...(firmware ? { firmware: { version: firmware } } : {}),
          ...(serial ? { serial } : {}),
          ...(s7Cpes(family, firmware).length ? { cpes: s7Cpes(family, firmware) } : {}),
        },
        attributes: { calledTsap: r.tsap, pduLength: r.pduLength, family, module: r.module, component: r.component },
        evidence: [
          { label: 'called TSAP', excerpt: `0x${r.tsap.toString(16).padStart(4, '0')}` },
          ...(order ? [{ label: 'SZL 0x0011 order number', excerpt: order }] : []),
          ...(firmware ? [{ label: 'SZL 0x0011 firmware', excerpt: `V${firmware}` }] : []),
          ...(r.component?.moduleTypeName ? [{ label: 'SZL 0x001C module type', excerpt: r.component.moduleTypeName }] : []),
          ...(serial ? [{ label: 'SZL 0x001C serial', excerpt: serial }] : []),
        ],
        transcript,
      },
    };
  },
});
