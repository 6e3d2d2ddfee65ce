// ListIdentity (encapsulation command 0x0063; CIP Vol. 2 §2-4.2, nmap enip-info.nse): a request with
// no data; the reply carries a CPF item list whose item 0x000C is the CIP Identity: encapsulation
// version (2 LE), a socket address (16 bytes, BIG-endian: family, port, IPv4, 8 zero bytes), then
// little-endian vendor id, device type, product code, revision major/minor (1+1), status (2),
// serial number (4), product name (short string: 1 length byte + chars), state (1). Pure.
import { ENIP_COMMANDS, encodeEncap, type EncapFrame } from './encap.js';
import { deviceTypeName, vendorName } from './vendors.js';

export const ITEM_CIP_IDENTITY = 0x000c;

export const encodeListIdentity = (context: Buffer): Buffer => encodeEncap({ command: ENIP_COMMANDS.LIST_IDENTITY, data: Buffer.alloc(0), context });

export interface CipIdentity {
  encapsulationVersion: number;
  socketAddress: { family: number; port: number; ip: string };
  vendorId: number;
  vendor: string | null;
  deviceType: number;
  deviceTypeName: string | null;
  productCode: number;
  revision: string;
  status: number;
  serialNumber: string;
  productName: string;
  state: number | null;
}

export function encodeIdentityItem(id: Omit<CipIdentity, 'vendor' | 'deviceTypeName' | 'revision'> & { revision: [number, number] }): Buffer {
  const name = Buffer.from(id.productName.slice(0, 255), 'latin1');
  const b = Buffer.alloc(2 + 16 + 2 + 2 + 2 + 2 + 2 + 4 + 1 + name.length + 1);
  let at = 0;
  b.writeUInt16LE(id.encapsulationVersion, at);
  at += 2;
  b.writeUInt16BE(id.socketAddress.family, at);
  b.writeUInt16BE(id.socketAddress.port, at + 2);
  id.socketAddress.ip.split('.').forEach((o, i) => b.writeUInt8(Number(o) & 0xff, at + 4 + i));
  at += 16;
  b.writeUInt16LE(id.vendorId, at);
  b.writeUInt16LE(id.deviceType, at + 2);
  b.writeUInt16LE(id.productCode, at + 4);
  b.writeUInt8(id.revision[0], at + 6);
  b.writeUInt8(id.revision[1], at + 7);
  b.writeUInt16LE(id.status, at + 8);
  b.writeUInt32LE(Number.parseInt(id.serialNumber, 16) >>> 0, at + 10);
  b.writeUInt8(name.length, at + 14);
  name.copy(b, at + 15);
  b.writeUInt8(id.state ?? 0xff, at + 15 + name.length);
  const head = Buffer.alloc(6);
  head.writeUInt16LE(1, 0); // item count
  head.writeUInt16LE(ITEM_CIP_IDENTITY, 2);
  head.writeUInt16LE(b.length, 4);
  return Buffer.concat([head, b]);
}

function parseIdentity(b: Buffer): CipIdentity | null {
  if (b.length < 33) return null;
  const nameLen = b.readUInt8(32);
  if (33 + nameLen > b.length) return null;
  const vendorId = b.readUInt16LE(18);
  const deviceType = b.readUInt16LE(20);
  return {
    encapsulationVersion: b.readUInt16LE(0),
    socketAddress: { family: b.readUInt16BE(2), port: b.readUInt16BE(4), ip: [...b.subarray(6, 10)].join('.') },
    vendorId,
    vendor: vendorName(vendorId),
    deviceType,
    deviceTypeName: deviceTypeName(deviceType),
    productCode: b.readUInt16LE(22),
    revision: `${b.readUInt8(24)}.${b.readUInt8(25)}`,
    status: b.readUInt16LE(26),
    serialNumber: b.readUInt32LE(28).toString(16).padStart(8, '0'),
    productName: b.subarray(33, 33 + nameLen).toString('latin1').replace(/[^\x20-\x7e]/g, '').trim(),
    state: 33 + nameLen < b.length ? b.readUInt8(33 + nameLen) : null,
  };
}

/** The CIP Identity of a ListIdentity reply; null when the frame is not one (or lies about lengths). */
export function decodeListIdentityReply(f: EncapFrame): CipIdentity | null {
  if (f.command !== ENIP_COMMANDS.LIST_IDENTITY || f.status !== 0 || f.data.length < 2) return null;
  const count = f.data.readUInt16LE(0);
  let at = 2;
  for (let i = 0; i < count && i < 16; i += 1) {
    if (at + 4 > f.data.length) return null;
    const type = f.data.readUInt16LE(at);
    const len = f.data.readUInt16LE(at + 2);
    if (at + 4 + len > f.data.length) return null;
    if (type === ITEM_CIP_IDENTITY) return parseIdentity(f.data.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return null;
}
