// EMULATOR (not Windows): an SMB1 server that behaves like an unpatched or patched Windows srv.sys for the
// MS17-010 patch test, and optionally like a host carrying the DoublePulsar SMB implant. Written from
// shared/docs/detection-techniques.md §4.2/§4.3 ([MS-CIFS] framing; nmap smb-vuln-ms17-010 and
// smb-double-pulsar-backdoor facts) — MS17-010 and DoublePulsar cannot run on a Debian test machine.
//   negotiate NT LM 0.12 → dialect 0 (non-extended security, 8-byte challenge)
//   session setup → anonymous accepted (or STATUS_ACCESS_DENIED when nullSession is false)
//   tree connect \\host\IPC$ → TID
//   TRANSACTION PeekNamedPipe FID 0 → STATUS_INSUFF_SERVER_RESOURCES (unpatched) / STATUS_ACCESS_DENIED (patched)
//   TRANSACTION2 SESSION_SETUP → STATUS_NOT_IMPLEMENTED; with the implant and opcode 0x23 (ping) the reply's
//   Multiplex ID is request+16 and the Signature field carries a XOR key.
// Records every command (and DoublePulsar opcode) it receives so tests can prove nothing else was sent.
import type net from 'node:net';
import { listenTcp, type RunningServer } from './raw-servers.js';

export interface Smb1EmulatorOptions {
  host: string;
  /** Listening port (default 0 = any free port; 445 for plant-like scans). */
  port?: number;
  /** NetBIOS names in the NT LM 0.12 negotiate response (defaults WORKGROUP / WIN7-PC). */
  domain?: string;
  serverName?: string;
  /** MS17-010 missing (default true). */
  vulnerable?: boolean;
  /** DoublePulsar SMB implant installed (default false). */
  implant?: boolean;
  /** Anonymous session setup allowed (default true). */
  nullSession?: boolean;
  /** Refuse SMB1 like a hardened host (answers NT LM 0.12 with dialect index 0xFFFF). */
  smb1?: boolean;
}

export interface Smb1Emulator extends RunningServer {
  /** SMB1 command bytes received, in order. */
  commands: number[];
  /** DoublePulsar opcodes (byte sum of the Trans2 Timeout field) received. */
  doublePulsarOpcodes: number[];
}

const STATUS = { SUCCESS: 0, NOT_IMPLEMENTED: 0xc0000002, ACCESS_DENIED: 0xc0000022, INSUFF: 0xc0000205, BAD_NETWORK_NAME: 0xc00000cc };

function reply(req: Buffer, status: number, words: Buffer, bytes: Buffer, over: { uid?: number; tid?: number; mid?: number; signature?: Buffer } = {}): Buffer {
  const h = Buffer.from(req.subarray(0, 32));
  h.writeUInt32LE(status >>> 0, 5);
  h[9] = 0x98; // reply flag set
  h.writeUInt16LE(0xc001 & ~0x8000 | 0x4000, 10);
  if (over.signature) over.signature.copy(h, 14);
  if (over.tid !== undefined) h.writeUInt16LE(over.tid, 24);
  if (over.uid !== undefined) h.writeUInt16LE(over.uid, 28);
  if (over.mid !== undefined) h.writeUInt16LE(over.mid, 30);
  const bc = Buffer.alloc(2);
  bc.writeUInt16LE(bytes.length, 0);
  const smb = Buffer.concat([h, Buffer.from([words.length / 2]), words, bc, bytes]);
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(smb.length, 0);
  return Buffer.concat([nb, smb]);
}

export async function startSmb1Emulator(o: Smb1EmulatorOptions): Promise<Smb1Emulator> {
  const commands: number[] = [];
  const doublePulsarOpcodes: number[] = [];
  const vulnerable = o.vulnerable ?? true;
  const onConnection = (s: net.Socket) => {
    let buf = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 64 * 1024) return s.destroy();
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0) & 0x00ffffff;
        if (buf.length < 4 + len) return;
        const msg = buf.subarray(4, 4 + len);
        buf = buf.subarray(4 + len);
        if (len < 35 || msg.readUInt32BE(0) !== 0xff534d42) return s.destroy();
        const cmd = msg[4]!;
        commands.push(cmd);
        const out = handle(cmd, msg);
        if (out === null) return s.destroy();
        s.write(out);
      }
    });
  };
  const handle = (cmd: number, msg: Buffer): Buffer | null => {
    const words = msg.subarray(33, 33 + msg[32]! * 2);
    switch (cmd) {
      case 0x72: {
        const w = Buffer.alloc(34);
        if (o.smb1 === false) {
          w.writeUInt16LE(0xffff, 0);
          return reply(msg, STATUS.SUCCESS, w.subarray(0, 2), Buffer.alloc(0));
        }
        w.writeUInt16LE(0, 0); // NT LM 0.12
        w[2] = 0x03; // user-level security, encrypt passwords
        w.writeUInt16LE(50, 3);
        w.writeUInt16LE(1, 5);
        w.writeUInt32LE(16644, 7);
        w.writeUInt32LE(65536, 11);
        w.writeUInt32LE(0x1234, 15);
        w.writeUInt32LE(0x0000e3fd, 19); // no CAP_EXTENDED_SECURITY
        w[33] = 8;
        // Flags2 of every reply leaves SMB_FLAGS2_UNICODE clear, so DomainName and ServerName are OEM strings
        // (MS-CIFS 2.2.4.52.2), like NativeOS/NativeLanMan in the session setup reply below.
        const names = `${o.domain ?? 'WORKGROUP'}\0${o.serverName ?? 'WIN7-PC'}\0`;
        return reply(msg, STATUS.SUCCESS, w, Buffer.concat([Buffer.from('12345678', 'latin1'), Buffer.from(names, 'latin1')]));
      }
      case 0x73: {
        if (o.nullSession === false) return reply(msg, STATUS.ACCESS_DENIED, Buffer.alloc(0), Buffer.alloc(0));
        const w = Buffer.alloc(6);
        w[0] = 0xff;
        return reply(msg, STATUS.SUCCESS, w, Buffer.from('Windows 7 Professional 7601 Service Pack 1\0Windows 7 Professional 6.1\0\0', 'latin1'), { uid: 2048 });
      }
      case 0x75: {
        const path = msg.subarray(33 + msg[32]! * 2 + 2).toString('latin1');
        if (!/\\IPC\$\0/i.test(path)) return reply(msg, STATUS.BAD_NETWORK_NAME, Buffer.alloc(0), Buffer.alloc(0));
        const w = Buffer.alloc(6);
        w[0] = 0xff;
        return reply(msg, STATUS.SUCCESS, w, Buffer.from('IPC\0', 'latin1'), { tid: 2049 });
      }
      case 0x25: {
        const setupCount = words[26] ?? 0;
        const fn = setupCount >= 1 ? words.readUInt16LE(28) : -1;
        const fid = setupCount >= 2 ? words.readUInt16LE(30) : -1;
        if (fn === 0x23 && fid === 0) return reply(msg, vulnerable ? STATUS.INSUFF : STATUS.ACCESS_DENIED, Buffer.alloc(0), Buffer.alloc(0));
        return reply(msg, STATUS.NOT_IMPLEMENTED, Buffer.alloc(0), Buffer.alloc(0));
      }
      case 0x32: {
        const timeout = words.length >= 16 ? words.readUInt32LE(12) : 0;
        const opcode = ((timeout & 0xff) + ((timeout >>> 8) & 0xff) + ((timeout >>> 16) & 0xff) + ((timeout >>> 24) & 0xff)) & 0xff;
        const sub = words.length >= 30 ? words.readUInt16LE(28) : -1;
        const mid = msg.readUInt16LE(30);
        if (sub === 0x0e) doublePulsarOpcodes.push(opcode);
        if (o.implant && sub === 0x0e && opcode === 0x23) {
          const signature = Buffer.from([0x5a, 0x3c, 0x7e, 0x12, 0x00, 0x00, 0x00, 0x00]);
          return reply(msg, STATUS.NOT_IMPLEMENTED, Buffer.alloc(0), Buffer.alloc(0), { mid: mid + 16, signature });
        }
        return reply(msg, STATUS.NOT_IMPLEMENTED, Buffer.alloc(0), Buffer.alloc(0));
      }
      default:
        return reply(msg, STATUS.NOT_IMPLEMENTED, Buffer.alloc(0), Buffer.alloc(0));
    }
  };
  const server = await listenTcp(o.host, onConnection, o.port ?? 0);
  return { ...server, commands, doublePulsarOpcodes };
}
