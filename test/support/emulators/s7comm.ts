// EMULATOR (not a PLC): a Siemens S7-1200/S7-300 CPU's S7comm identification surface on ISO-on-TCP,
// written from public documentation — RFC 1006 (TPKT), ISO 8073 (COTP class 0), the Wireshark
// s7comm dissector's PDU and SZL layouts, Snap7's documentation of the connection sequence, and the
// facts nmap's s7-info.nse relies on. No real PLC or Siemens software can run here.
// Behaviour: COTP CR with an accepted called TSAP → CC, otherwise DR + close; Setup Communication →
// ack with min(requested, own) PDU length; Read SZL 0x0011 / 0x001C → records, other SZL ids →
// return code 0x0A; any other job function (read/write var, PLC stop, download, PI service) is
// recorded and answered with an error ack (class 0x81). `maxConnections` models the CPU's scarce
// connection resources: extra concurrent connections are refused with a COTP DR.
// stats(): connections, maxConcurrent, calledTsaps (per CR), functions received, writeAttempts.
import type net from 'node:net';
import { componentRecord, moduleRecord } from '../../../src/protocols/s7comm/szl.js';
import { COTP, decodeCotp, decodeTpkt, encodeCotpCc, encodeCotpDr, encodeCotpDt, encodeTpkt } from '../../../src/protocols/s7comm/tpkt-cotp.js';
import { decodeS7, encodeS7, encodeSzlError, encodeSzlResponse, ROSCTR, S7_FUNCTIONS } from '../../../src/protocols/s7comm/s7.js';
import { listenTcp, type RunningServer } from './raw-servers.js';

export interface S7EmulatorOptions {
  host: string;
  /** Default 0 (any free port); 102 for plant-like scans (needs root). */
  port?: number;
  preset?: 's7-1200' | 's7-300';
  orderNumber?: string;
  /** [major, minor, patch] */
  firmware?: [number, number, number];
  hardwareRevision?: number;
  systemName?: string;
  moduleName?: string;
  plantId?: string;
  copyright?: string;
  serialNumber?: string;
  moduleTypeName?: string;
  /** Called TSAPs the CPU accepts (default: 0x0102 rack 0 slot 2, and 0x0200). */
  acceptedTsaps?: number[];
  /** Whether Read SZL 0x001C is answered (some protected CPUs refuse it). Default true. */
  componentSzl?: boolean;
  pduLength?: number;
  maxConnections?: number;
}

export interface S7Stats {
  connections: number;
  maxConcurrent: number;
  calledTsaps: number[];
  functions: string[];
  writeAttempts: string[];
  refusedForResources: number;
}

export interface S7Emulator extends RunningServer {
  stats(): S7Stats;
}

const PRESETS = {
  's7-1200': {
    orderNumber: '6ES7 214-1AG40-0XB0', firmware: [4, 2, 1] as [number, number, number], moduleTypeName: 'CPU 1214C DC/DC/DC',
    systemName: 'S71200/ET200MP station_1', moduleName: 'PLC_1', copyright: 'Original Siemens Equipment', serialNumber: 'S V-L9AL73582016',
  },
  's7-300': {
    orderNumber: '6ES7 315-2EH14-0AB0', firmware: [3, 2, 6] as [number, number, number], moduleTypeName: 'CPU 315-2 PN/DP',
    systemName: 'SIMATIC 300(1)', moduleName: 'CPU 315-2 PN/DP', copyright: 'Original Siemens Equipment', serialNumber: 'S C-C2UR28922012',
  },
};

export async function startS7Emulator(o: S7EmulatorOptions): Promise<S7Emulator> {
  const p = PRESETS[o.preset ?? 's7-1200'];
  const order = o.orderNumber ?? p.orderNumber;
  const fw = o.firmware ?? p.firmware;
  const accepted = o.acceptedTsaps ?? [0x0102, 0x0200];
  const ownPdu = o.pduLength ?? 240;
  const stats: Omit<S7Stats, 'connections' | 'maxConcurrent'> = { calledTsaps: [], functions: [], writeAttempts: [], refusedForResources: 0 };
  let open = 0;

  const szl0011 = () => [
    moduleRecord(0x0001, order, 0x0000, o.hardwareRevision ?? 1),
    moduleRecord(0x0006, order, 0x0000, o.hardwareRevision ?? 1),
    moduleRecord(0x0007, order, 0x5600 | fw[0], (fw[1] << 8) | fw[2]),
  ];
  const szl001c = () =>
    [
      [1, o.systemName ?? p.systemName], [2, o.moduleName ?? p.moduleName], [3, o.plantId ?? ''], [4, o.copyright ?? p.copyright],
      [5, o.serialNumber ?? p.serialNumber], [7, o.moduleTypeName ?? p.moduleTypeName], [8, ''], [11, ''],
    ].map(([i, v]) => componentRecord(i as number, v as string));

  const handleS7 = (s: net.Socket, pdu: Buffer) => {
    const reply = (b: Buffer) => s.write(encodeTpkt(encodeCotpDt(b)));
    const m = decodeS7(pdu);
    if (!m) return void s.destroy();
    if (m.rosctr === ROSCTR.JOB) {
      const fn = m.param[0] ?? -1;
      const info = S7_FUNCTIONS[fn];
      stats.functions.push(info?.name ?? `job-0x${fn.toString(16)}`);
      if (fn === 0xf0 && m.param.length === 8) {
        const pdu = Math.min(m.param.readUInt16BE(6), ownPdu);
        const param = Buffer.from(m.param);
        param.writeUInt16BE(pdu, 6);
        return void reply(encodeS7({ rosctr: ROSCTR.ACK_DATA, pduRef: m.pduRef, param, data: Buffer.alloc(0) }));
      }
      if (info?.write !== false) stats.writeAttempts.push(info?.name ?? `job-0x${fn.toString(16)}`);
      return void reply(encodeS7({ rosctr: ROSCTR.ACK_DATA, pduRef: m.pduRef, param: Buffer.from([fn & 0xff]), data: Buffer.alloc(0), error: { class: 0x81, code: 0x04 } }));
    }
    if (m.rosctr === ROSCTR.USERDATA && m.param.length >= 8 && m.param[4] === 0x11) {
      const group = (m.param[5] ?? 0) & 0x0f;
      const sub = m.param[6] ?? 0;
      const seq = m.param[7] ?? 0;
      if (group === 0x04 && sub === 0x01 && m.data.length >= 8) {
        const szlId = m.data.readUInt16BE(4);
        const index = m.data.readUInt16BE(6);
        stats.functions.push(`szl-read:0x${szlId.toString(16).padStart(4, '0')}`);
        if (szlId === 0x0011) return void reply(encodeSzlResponse(m.pduRef, seq, szlId, index, 28, szl0011()));
        if (szlId === 0x001c && o.componentSzl !== false) return void reply(encodeSzlResponse(m.pduRef, seq, szlId, index, 34, szl001c()));
        return void reply(encodeSzlError(m.pduRef, seq, 0x0a, 0xd401));
      }
      // Other userdata groups (block functions, time, security, programmer commands…) are not emulated.
      stats.functions.push(`userdata:${group}/${sub}`);
      if (group === 0x01 || group === 0x05) stats.writeAttempts.push(`userdata:${group}/${sub}`);
      return void reply(encodeSzlError(m.pduRef, seq, 0x0a, 0xd401));
    }
    s.destroy();
  };

  const server = await listenTcp(o.host, (s) => {
    let connected = false;
    let buf: Buffer = Buffer.alloc(0);
    open += 1;
    s.once('close', () => {
      open -= 1;
    });
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 16 * 1024) return void s.destroy();
      for (;;) {
        const t = decodeTpkt(buf);
        if (!t.ok) {
          if (t.reason === 'invalid') s.destroy();
          return;
        }
        buf = t.rest;
        const c = decodeCotp(t.payload);
        if (!c) return void s.destroy();
        if (c.kind === 'connect' && c.type === COTP.CR && !connected) {
          const called = c.params.get(0xc2);
          const tsap = called && called.length === 2 ? called.readUInt16BE(0) : -1;
          stats.calledTsaps.push(tsap);
          if (o.maxConnections !== undefined && open > o.maxConnections) {
            stats.refusedForResources += 1;
            return void s.end(encodeTpkt(encodeCotpDr(c.srcRef, 0x0002, 0x01)));
          }
          if (!accepted.includes(tsap)) return void s.end(encodeTpkt(encodeCotpDr(c.srcRef, 0x0002, 0x00)));
          connected = true;
          const params = new Map<number, Buffer>([[0xc0, Buffer.from([0x0a])]]);
          for (const k of [0xc1, 0xc2]) {
            const v = c.params.get(k);
            if (v) params.set(k, v);
          }
          s.write(encodeTpkt(encodeCotpCc({ dstRef: c.srcRef, srcRef: 0x0002, params })));
        } else if (c.kind === 'data' && connected) {
          handleS7(s, c.data);
          if (s.destroyed) return;
        } else if (c.kind === 'disconnect') {
          return void s.end();
        } else return void s.destroy();
      }
    });
  }, o.port ?? 0);

  return {
    ...server,
    stats: () => ({ connections: server.counter.connections, maxConcurrent: server.counter.maxConcurrent, ...structuredClone(stats) }),
  };
}
