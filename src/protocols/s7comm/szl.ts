// System status list (SZL/SSL) records used for identification (Siemens "System Software for S7-300/400
// System and Standard Functions", chapter "System Status Lists"; the Wireshark s7comm SZL dissector;
// facts nmap's s7-info.nse relies on). Pure.
//  - SZL-ID 0x0011 "module identification": 28-byte records: index (2), MlfB order number (20 ASCII),
//    BGTyp (2), Ausbg (2), Ausbe (2). Index 0x0001 = the module, 0x0006 = basic hardware,
//    0x0007 = basic firmware, whose Ausbg/Ausbe hold 'V' <major> / <minor> <patch>.
//  - SZL-ID 0x001C "component identification": 34-byte records: index (2) + 32 bytes of text.
//    1 automation system name, 2 module name, 3 plant designation, 4 copyright, 5 serial number,
//    7 module type name, 8 memory card serial, 11 location designation.

export const SZL_MODULE_ID = 0x0011;
export const SZL_COMPONENT_ID = 0x001c;

export interface ModuleIdentification {
  orderNumber: string | null;
  /** e.g. "4.2.1" */
  firmwareVersion: string | null;
  hardwareVersion: string | null;
}

const text = (b: Buffer): string => {
  const z = b.indexOf(0);
  return (z >= 0 ? b.subarray(0, z) : b).toString('latin1').replace(/[^\x20-\x7e]/g, '').trim();
};

const versionOf = (ausbg: number, ausbe: number): string | null =>
  ausbg >> 8 === 0x56 ? `${ausbg & 0xff}.${ausbe >> 8}.${ausbe & 0xff}` : null; // 'V' major / minor patch

export function parseModuleIdentification(records: readonly Buffer[]): ModuleIdentification {
  const out: ModuleIdentification = { orderNumber: null, firmwareVersion: null, hardwareVersion: null };
  for (const r of records) {
    if (r.length < 28) continue;
    const index = r.readUInt16BE(0);
    const mlfb = text(r.subarray(2, 22));
    const ausbg = r.readUInt16BE(24);
    const ausbe = r.readUInt16BE(26);
    if (index === 0x0001 && mlfb) {
      out.orderNumber = mlfb;
      out.firmwareVersion ??= versionOf(ausbg, ausbe);
    } else if (index === 0x0006) {
      out.hardwareVersion = String(ausbe);
    } else if (index === 0x0007) {
      out.firmwareVersion = versionOf(ausbg, ausbe) ?? out.firmwareVersion;
    }
  }
  return out;
}

export interface ComponentIdentification {
  systemName: string | null;
  moduleName: string | null;
  plantId: string | null;
  copyright: string | null;
  serialNumber: string | null;
  moduleTypeName: string | null;
  memoryCardSerial: string | null;
  location: string | null;
}

const COMPONENT_FIELDS: Readonly<Record<number, keyof ComponentIdentification>> = {
  1: 'systemName', 2: 'moduleName', 3: 'plantId', 4: 'copyright', 5: 'serialNumber', 7: 'moduleTypeName', 8: 'memoryCardSerial', 11: 'location',
};

export function parseComponentIdentification(records: readonly Buffer[]): ComponentIdentification {
  const out: ComponentIdentification = {
    systemName: null, moduleName: null, plantId: null, copyright: null, serialNumber: null, moduleTypeName: null, memoryCardSerial: null, location: null,
  };
  for (const r of records) {
    if (r.length < 4) continue;
    const field = COMPONENT_FIELDS[r.readUInt16BE(0)];
    const value = text(r.subarray(2, 34));
    if (field && value) out[field] = value;
  }
  return out;
}

/** Builds SZL records (emulators, fixtures). */
export function moduleRecord(index: number, orderNumber: string, ausbg: number, ausbe: number): Buffer {
  const r = Buffer.alloc(28, 0x20);
  r.writeUInt16BE(index, 0);
  r.write(orderNumber.slice(0, 20).padEnd(20, ' '), 2, 'latin1');
  r.writeUInt16BE(0, 22);
  r.writeUInt16BE(ausbg, 24);
  r.writeUInt16BE(ausbe, 26);
  return r;
}

export function componentRecord(index: number, value: string): Buffer {
  const r = Buffer.alloc(34, 0);
  r.writeUInt16BE(index, 0);
  r.write(value.slice(0, 32), 2, 'latin1');
  return r;
}

export type S7Family = 'S7-200' | 'S7-300' | 'S7-400' | 'S7-1200' | 'S7-1500';

/** The CPU family from the order number (MLFB): 6ES7 21x-…(3|4)x = S7-1200, 31x = S7-300, … */
export function familyOf(orderNumber: string): S7Family | null {
  const m = /^6ES7\s?(\d)(\d)\d-\w(\w)(\w)(\d)/.exec(orderNumber.toUpperCase());
  if (!m) return null;
  const [, a, b, , , gen] = m;
  if (a === '2' && b === '1') return gen === '3' || gen === '4' ? 'S7-1200' : 'S7-200';
  if (a === '3' && b === '1') return 'S7-300';
  if (a === '4' && b === '1') return 'S7-400';
  if (a === '5' && b === '1') return 'S7-1500';
  return null;
}

/** CPE 2.3 candidates: firmware (o) with the version, hardware (h) without. */
export function s7Cpes(family: S7Family | null, firmware: string | null): string[] {
  if (!family) return [];
  const product = `simatic_${family.toLowerCase()}`;
  return [
    ...(firmware ? [`cpe:2.3:o:siemens:${product}_firmware:${firmware}:*:*:*:*:*:*:*`] : []),
    `cpe:2.3:h:siemens:${product}:-:*:*:*:*:*:*:*`,
  ];
}
