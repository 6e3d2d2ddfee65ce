// BACnet/IP device identification (ASHRAE 135; detection-techniques.md §4.10; nmap bacnet-info.nse).
// On the wire, UDP to 47808, one datagram at a time, each reply ≤ 1.5 KiB:
//  1. a unicast Who-Is with a local NPDU (`81 0a 00 08 01 00 10 08`) — never a broadcast — and a short
//     wait for a unicast I-Am (many devices only broadcast I-Am; then the wildcard instance 4194303 is
//     used, as nmap does);
//  2. confirmed ReadProperty on the Device object for object-name, vendor-name, model-name,
//     firmware-revision, application-software-version (and vendor-identifier when no I-Am came).
// All are reads of the Device object's required/standard properties, hence S1. Never sent:
// WriteProperty, ReinitializeDevice, DeviceCommunicationControl, CreateObject, file services, or
// ReadPropertyMultiple sweeps. Stops at the first unanswered ReadProperty.
import { z } from 'zod';
import {
  decodeIAm,
  decodeReadPropertyReply,
  encodeReadProperty,
  encodeWhoIs,
  OBJECT_DEVICE,
  PROPERTIES,
  WILDCARD_INSTANCE,
  type IAm,
} from '../../protocols/bacnet/apdu.js';
import { decodeBacnetIp, encodeBacnetIp } from '../../protocols/bacnet/bvlc-npdu.js';
import type { TranscriptEntry } from '../../net/tcp-session.js';
import { defineProbe, type ProbeContext } from '../types.js';

export interface BacnetAttributes {
  instance: number | null;
  vendorId: number | null;
  maxApdu: number | null;
  iAm: boolean;
  properties: Record<string, string>;
}

const WANTED: readonly [keyof typeof PROPERTIES, string][] = [
  ['OBJECT_NAME', 'objectName'],
  ['VENDOR_NAME', 'vendorName'],
  ['MODEL_NAME', 'modelName'],
  ['FIRMWARE_REVISION', 'firmwareRevision'],
  ['APPLICATION_SOFTWARE_VERSION', 'applicationSoftwareVersion'],
];

type Answer = { kind: 'value'; value: string | number } | { kind: 'refused' } | { kind: 'silent' } | { kind: 'foreign' };

async function readProperty(ctx: ProbeContext<unknown>, invokeId: number, instance: number, property: number, transcript: TranscriptEntry[]): Promise<Answer> {
  const r = await ctx.net.udp(encodeBacnetIp(encodeReadProperty(invokeId, OBJECT_DEVICE, instance, property), true), {
    maxBytes: 1500,
    timeoutMs: 1000,
    // Late answers to an earlier request and unconfirmed traffic (a late I-Am) are not ours; non-BACnet
    // bytes are taken, to be reported as foreign.
    accept: (m) => {
      const d = decodeBacnetIp(m);
      return !d || ([3, 5, 6, 7].includes((d.apdu[0] ?? 0) >> 4) && d.apdu[1] === invokeId);
    },
  });
  transcript.push(...r.transcript);
  if (r.end !== 'reply' || !r.reply) return { kind: 'silent' };
  const d = decodeBacnetIp(r.reply);
  const reply = d ? decodeReadPropertyReply(d.apdu) : null;
  if (!reply || reply.invokeId !== invokeId) return { kind: 'foreign' };
  if (reply.kind !== 'ack') return { kind: 'refused' };
  const v = reply.values[0];
  if (v?.type === 'string') return { kind: 'value', value: v.value };
  if (v?.type === 'unsigned') return { kind: 'value', value: v.value };
  return { kind: 'refused' };
}

export const bacnetProbe = defineProbe<Record<string, never>, BacnetAttributes>({
  id: 'bacnet-device',
  title: 'BACnet/IP device object (Who-Is / I-Am, ReadProperty)',
  protocol: 'bacnet',
  transport: 'udp',
  defaultPorts: [47808],
  safety: 'S1',
  ot: true,
  tags: ['discovery', 'version', 'ics', 'building'],
  priority: 55,
  optionsSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const transcript: TranscriptEntry[] = [];
    const who = await ctx.net.udp(encodeBacnetIp(encodeWhoIs(), false), {
      maxBytes: 1500,
      timeoutMs: Math.max(100, Math.min(1000, (ctx.deadline - Date.now()) / 3)),
    });
    transcript.push(...who.transcript);
    let iAm: IAm | null = null;
    let foreign = false;
    if (who.end === 'reply' && who.reply) {
      const d = decodeBacnetIp(who.reply);
      iAm = d ? decodeIAm(d.apdu) : null;
      foreign = !iAm;
    }
    const instance = iAm?.instance ?? WILDCARD_INSTANCE;
    const properties: Record<string, string> = {};
    let answered = Boolean(iAm);
    let vendorId = iAm?.vendorId ?? null;
    const wanted = iAm ? WANTED : ([...WANTED, ['VENDOR_IDENTIFIER', 'vendorIdentifier']] as const);
    for (const [i, [key, name]] of wanted.entries()) {
      if (Date.now() >= ctx.deadline) break;
      const a = await readProperty(ctx as ProbeContext<unknown>, i + 1, instance, PROPERTIES[key], transcript);
      if (a.kind === 'silent') break;
      if (a.kind === 'foreign') {
        foreign = true;
        break;
      }
      answered = true;
      if (a.kind === 'value') {
        if (key === 'VENDOR_IDENTIFIER' && typeof a.value === 'number') vendorId = a.value;
        else properties[name] = String(a.value).slice(0, 128);
      }
    }
    if (!answered) {
      return foreign ? { kind: 'not-matched', note: 'replies are not BACnet/IP', transcript } : { kind: 'unreachable', reason: 'timeout' };
    }
    const firmware = properties.firmwareRevision ?? null;
    return {
      kind: 'identified',
      facts: {
        confidence: 'confirmed',
        service: 'bacnet',
        ...(properties.modelName ? { product: properties.modelName } : {}),
        ...(firmware ? { version: firmware } : {}),
        device: {
          class: 'ot',
          kind: 'building-controller',
          ...(properties.vendorName ? { vendor: properties.vendorName } : {}),
          ...(properties.modelName ? { model: properties.modelName } : {}),
          ...(firmware ? { firmware: { version: firmware } } : {}),
        },
        attributes: { instance: iAm ? iAm.instance : null, vendorId, maxApdu: iAm?.maxApdu ?? null, iAm: Boolean(iAm), properties },
        evidence: [
          ...(iAm ? [{ label: 'I-Am', excerpt: `device,${iAm.instance} vendor ${iAm.vendorId}` }] : []),
          ...Object.entries(properties).map(([k, v]) => ({ label: k, excerpt: v.slice(0, 80) })),
        ],
        transcript,
      },
    };
  },
});
