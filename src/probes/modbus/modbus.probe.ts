// Modbus/TCP Read Device Identification (function 0x2B, MEI 0x0E; Modbus Application Protocol
// V1.1b3 §6.21; detection-techniques.md §4.7). On the wire, over ONE connection to one unit id
// (default 0xFF, the "direct device" id): `2B 0E 01 00` (basic stream: VendorName, ProductCode,
// MajorMinorRevision), following MoreFollows/NextObjectId at most 8 times, then — only when the
// device's conformity level says it supports it — `2B 0E 02 00` (regular: VendorUrl, ProductName,
// ModelName, UserApplicationName). Each reply ≤ 260 bytes. This is a diagnostic read that touches
// no coil or register, hence S1. Never sent: any write code (05 06 0F 10 15 16 17), Diagnostics
// (08, can restart comms), UMAS (5A), or a unit-id sweep (nmap's modbus-discover does one; here only
// an operator who names a unit id changes it).
// A valid MBAP exception reply (e.g. 01 Illegal Function) still proves Modbus: identified, no facts.
import { z } from 'zod';
import { decodeDeviceIdResponse, decodeException, encodeDeviceIdRequest, OBJECT_NAMES, type ReadDeviceIdCode } from '../../protocols/modbus/device-id.js';
import { decodeMbap, encodeMbap, mbapComplete } from '../../protocols/modbus/mbap.js';
import { isUnreachable, type TcpSession } from '../../net/tcp-session.js';
import { defineProbe } from '../types.js';

export const modbusOptionsSchema = z.object({
  unitId: z.number().int().min(0).max(255).default(0xff),
  /** Also ask for the regular objects when the device's conformity level offers them. */
  regular: z.boolean().default(true),
});
export type ModbusOptions = z.infer<typeof modbusOptionsSchema>;

export interface ModbusAttributes {
  unitId: number;
  conformityLevel: number | null;
  /** Objects by name (VendorName, ProductCode, …; private objects as `0x80`…). */
  objects: Record<string, string>;
  /** Set when the device answered the identification request with an exception. */
  exception: { code: number; name: string } | null;
}

type Step =
  | { kind: 'objects'; conformity: number; moreFollows: boolean; nextObjectId: number; objects: { id: number; value: string }[] }
  | { kind: 'exception'; code: number; name: string }
  | { kind: 'silent' }
  | { kind: 'closed' }
  | { kind: 'foreign' };

let nextTid = 0x4d30;

async function ask(s: TcpSession, unitId: number, code: ReadDeviceIdCode, objectId: number, timeoutMs?: number): Promise<Step> {
  const tid = (nextTid = (nextTid + 1) & 0xffff);
  s.write(encodeMbap({ transactionId: tid, unitId, pdu: encodeDeviceIdRequest(code, objectId) }));
  const r = await s.read({ complete: mbapComplete, maxBytes: 260, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  if (r.data.length === 0) return r.end === 'closed' ? { kind: 'closed' } : { kind: 'silent' };
  const d = decodeMbap(r.data);
  if (!d.ok || d.frame.transactionId !== tid) return { kind: 'foreign' };
  const reply = decodeDeviceIdResponse(d.frame.pdu) ?? decodeException(d.frame.pdu);
  if (!reply) return { kind: 'foreign' };
  if (reply.kind === 'exception') return { kind: 'exception', code: reply.code, name: reply.name };
  return reply;
}

/** Reads one stream (basic or regular), following MoreFollows a bounded number of times. */
async function readStream(s: TcpSession, unitId: number, code: ReadDeviceIdCode, into: Map<number, string>, timeoutMs?: number): Promise<Step> {
  let objectId = 0;
  let first: Step | null = null;
  for (let i = 0; i < 8; i += 1) {
    const step = await ask(s, unitId, code, objectId, timeoutMs);
    first ??= step;
    if (step.kind !== 'objects') return i === 0 ? step : first;
    for (const o of step.objects) into.set(o.id, o.value.slice(0, 128));
    if (!step.moreFollows || step.nextObjectId <= objectId) break;
    objectId = step.nextObjectId;
  }
  return first ?? { kind: 'silent' };
}

const nameOf = (id: number) => OBJECT_NAMES[id] ?? `0x${id.toString(16).padStart(2, '0')}`;

export const modbusProbe = defineProbe<ModbusOptions, ModbusAttributes>({
  id: 'modbus-device-id',
  title: 'Modbus/TCP Read Device Identification (0x2B/0x0E)',
  protocol: 'modbus',
  transport: 'tcp',
  defaultPorts: [502],
  safety: 'S1',
  ot: true,
  tags: ['discovery', 'version', 'ics'],
  priority: 55,
  optionsSchema: modbusOptionsSchema as unknown as z.ZodType<ModbusOptions>,
  async run(ctx) {
    const unitId = ctx.options.unitId ?? 0xff;
    const s = await ctx.net.tcp({ maxBytes: 8 * 1024 });
    if (isUnreachable(s)) return s;
    try {
      const objects = new Map<number, string>();
      const basic = await readStream(s, unitId, 1, objects);
      if (basic.kind === 'silent') return { kind: 'unreachable', reason: 'timeout' } as const;
      if (basic.kind === 'closed' || basic.kind === 'foreign') {
        return { kind: 'not-matched', note: basic.kind === 'closed' ? 'closed without a reply' : 'reply is not a Modbus/TCP frame for this request', transcript: [...s.transcript] };
      }
      if (basic.kind === 'objects' && (ctx.options.regular ?? true) && (basic.conformity & 0x7f) >= 2) {
        // Optional enrichment with a short wait: a device that ignores it keeps the basic facts.
        await readStream(s, unitId, 2, objects, 1000);
      }
      const named = Object.fromEntries([...objects.entries()].sort((a, b) => a[0] - b[0]).map(([id, v]) => [nameOf(id), v]));
      const vendor = objects.get(0) || undefined;
      const productCode = objects.get(1) || undefined;
      const revision = objects.get(2) || undefined;
      const model = objects.get(5) || objects.get(4) || productCode;
      const transcript = [...s.transcript];
      return {
        kind: 'identified',
        facts: {
          confidence: 'confirmed',
          service: 'modbus',
          ...(objects.get(4) || productCode ? { product: (objects.get(4) || productCode) as string } : {}),
          ...(revision ? { version: revision } : {}),
          device: {
            class: 'ot',
            ...(vendor ? { vendor } : {}),
            ...(model ? { model } : {}),
            ...(revision ? { firmware: { version: revision } } : {}),
          },
          attributes: {
            unitId,
            conformityLevel: basic.kind === 'objects' ? basic.conformity : null,
            objects: named,
            exception: basic.kind === 'exception' ? { code: basic.code, name: basic.name } : null,
          },
          evidence:
            basic.kind === 'exception'
              ? [{ label: 'device id refused', excerpt: `exception ${basic.code} ${basic.name}` }]
              : Object.entries(named).slice(0, 7).map(([k, v]) => ({ label: k, excerpt: v.slice(0, 80) })),
          transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
