// EMULATOR (not a device): a BACnet/IP building controller's Device object on UDP, written from
// ASHRAE 135 (Annex J BVLC, clause 6 NPDU, 16.10 Who-Is/I-Am, 15.5 ReadProperty, 20.2 encoding,
// clause 18 error classes/codes) and the facts nmap's bacnet-info.nse relies on (wildcard instance
// 4194303). Who-Is → I-Am sent unicast back to the requester (configurable off: many devices only
// broadcast it); ReadProperty on the device object → the configured property, unknown property →
// Error property/unknown-property, another object → Error object/unknown-object; write services
// (WriteProperty, ReinitializeDevice, DeviceCommunicationControl, …) are recorded and refused with
// Error property/write-access-denied; other confirmed services → Reject unrecognized-service.
// stats(): datagrams, services received, writeAttempts.
import dgram from 'node:dgram';
import { OBJECT_DEVICE, PROPERTIES, WILDCARD_INSTANCE, WRITE_SERVICES } from '../../../src/protocols/bacnet/apdu.js';
import { decodeBacnetIp, encodeBacnetIp } from '../../../src/protocols/bacnet/bvlc-npdu.js';
import { decodeTag, encodeCharacterStringApp, encodeObjectId, encodeUnsignedApp, readUnsigned } from '../../../src/protocols/bacnet/tags.js';

export interface BacnetEmulatorOptions {
  host: string;
  /** Default 0 (any free port); 47808 for plant-like scans. */
  port?: number;
  instance?: number;
  vendorId?: number;
  vendorName?: string;
  modelName?: string;
  firmwareRevision?: string;
  applicationSoftwareVersion?: string;
  objectName?: string;
  description?: string;
  location?: string;
  /** Answer Who-Is with a unicast I-Am (default true). */
  unicastIAm?: boolean;
  /** Character set for strings: 0 UTF-8 (default) or 4 UCS-2. */
  charset?: 0 | 4;
  /** Properties to leave out (answered with unknown-property). */
  missing?: number[];
}

export interface BacnetStats {
  datagrams: number;
  services: string[];
  writeAttempts: string[];
}

export interface BacnetEmulator {
  host: string;
  port: number;
  stats(): BacnetStats;
  close(): Promise<void>;
}

export async function startBacnetEmulator(o: BacnetEmulatorOptions): Promise<BacnetEmulator> {
  const instance = o.instance ?? 3405;
  const vendorId = o.vendorId ?? 5;
  const stats: BacnetStats = { datagrams: 0, services: [], writeAttempts: [] };
  const strings: Record<number, string | undefined> = {
    [PROPERTIES.VENDOR_NAME]: o.vendorName ?? 'Johnson Controls, Inc.',
    [PROPERTIES.MODEL_NAME]: o.modelName ?? 'MS-NAE5510-2',
    [PROPERTIES.FIRMWARE_REVISION]: o.firmwareRevision ?? '9.0.0.4235',
    [PROPERTIES.APPLICATION_SOFTWARE_VERSION]: o.applicationSoftwareVersion ?? '9.0',
    [PROPERTIES.OBJECT_NAME]: o.objectName ?? 'NAE-01',
    [PROPERTIES.DESCRIPTION]: o.description ?? 'Building 2 supervisory controller',
    [PROPERTIES.LOCATION]: o.location ?? 'B2 plant room',
  };
  const sock = dgram.createSocket('udp4');
  const send = (apdu: Buffer, to: dgram.RemoteInfo) => sock.send(encodeBacnetIp(apdu, false), to.port, to.address);
  const propertyValue = (prop: number): Buffer | null => {
    if (o.missing?.includes(prop)) return null;
    if (prop === PROPERTIES.VENDOR_IDENTIFIER) return encodeUnsignedApp(2, vendorId);
    if (prop === PROPERTIES.OBJECT_IDENTIFIER) return Buffer.concat([Buffer.from([0xc4]), encodeObjectId(OBJECT_DEVICE, instance)]);
    const s = strings[prop];
    return s === undefined ? null : encodeCharacterStringApp(s, o.charset ?? 0);
  };

  sock.on('message', (msg, rinfo) => {
    stats.datagrams += 1;
    const d = decodeBacnetIp(msg);
    if (!d) return;
    const a = d.apdu;
    const type = (a[0] ?? 0) >> 4;
    if (type === 1 && a[1] === 0x08) {
      stats.services.push('who-is');
      if (o.unicastIAm === false) return;
      return void send(Buffer.concat([Buffer.from([0x10, 0x00, 0xc4]), encodeObjectId(OBJECT_DEVICE, instance), Buffer.from([0x22, 0x05, 0xc4, 0x91, 0x03]), encodeUnsignedApp(2, vendorId)]), rinfo);
    }
    if (type !== 0 || a.length < 4) return;
    const invoke = a[2] ?? 0;
    const service = a[3] ?? 0;
    const error = (cls: number, code: number) => send(Buffer.from([0x50, invoke, service, 0x91, cls, 0x91, code]), rinfo);
    if (WRITE_SERVICES[service]) {
      stats.services.push(WRITE_SERVICES[service] ?? 'write');
      stats.writeAttempts.push(WRITE_SERVICES[service] ?? 'write');
      return void error(2, 40); // property / write-access-denied
    }
    if (service !== 0x0c) {
      stats.services.push(`service-0x${service.toString(16)}`);
      return void send(Buffer.from([0x60, invoke, 9]), rinfo); // Reject: unrecognized-service
    }
    const t0 = decodeTag(a, 4);
    if (!t0?.context || t0.number !== 0 || t0.length !== 4) return void send(Buffer.from([0x60, invoke, 4]), rinfo); // invalid-tag
    const oid = a.readUInt32BE(4 + t0.headerLength);
    const t1 = decodeTag(a, 4 + t0.headerLength + 4);
    if (!t1?.context || t1.number !== 1) return void send(Buffer.from([0x60, invoke, 4]), rinfo);
    const pAt = 4 + t0.headerLength + 4 + t1.headerLength;
    const prop = readUnsigned(a.subarray(pAt, pAt + t1.length));
    stats.services.push(`read-property:${prop}`);
    const objType = oid >>> 22;
    const objInst = oid & 0x3fffff;
    if (objType !== OBJECT_DEVICE || (objInst !== instance && objInst !== WILDCARD_INSTANCE)) return void error(1, 31); // object / unknown-object
    const value = propertyValue(prop);
    if (!value) return void error(2, 32); // property / unknown-property
    const propEnc = prop < 256 ? Buffer.from([0x19, prop]) : Buffer.from([0x1a, (prop >> 8) & 0xff, prop & 0xff]);
    send(Buffer.concat([Buffer.from([0x30, invoke, 0x0c, 0x0c]), encodeObjectId(OBJECT_DEVICE, instance), propEnc, Buffer.from([0x3e]), value, Buffer.from([0x3f])]), rinfo);
  });
  await new Promise<void>((resolve) => sock.bind(o.port ?? 0, o.host, () => resolve()));
  return {
    host: o.host,
    port: sock.address().port,
    stats: () => structuredClone(stats),
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}
