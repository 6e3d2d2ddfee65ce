// sysDescr + sysObjectID → vendor, OS/firmware, device kind and CPE candidates. sysObjectID's
// 1.3.6.1.4.1.<PEN> prefix names the vendor by its IANA Private Enterprise Number; sysDescr carries the
// OS or firmware in vendor-specific text. Table-driven; unknown text yields only what is certain.
import { windowsRelease } from '../smb/windows-versions.js';

export interface SnmpFingerprint {
  vendor: string | null;
  enterprise: number | null;
  os: { name: string; version?: string } | null;
  firmware: { name?: string; version: string } | null;
  model: string | null;
  kind: string | null;
  class: 'it' | 'ot' | 'iot' | null;
  cpes: string[];
}

// IANA Private Enterprise Numbers (iana.org/assignments/enterprise-numbers) seen on plant and office nets.
const PEN: Record<number, { vendor: string; kind?: string; class?: 'it' | 'ot' | 'iot' }> = {
  9: { vendor: 'Cisco' },
  11: { vendor: 'HP' },
  232: { vendor: 'Compaq/HPE' },
  248: { vendor: 'Hirschmann', kind: 'switch', class: 'ot' },
  253: { vendor: 'Xerox', kind: 'printer' },
  311: { vendor: 'Microsoft' },
  318: { vendor: 'APC', kind: 'ups' },
  367: { vendor: 'Ricoh', kind: 'printer' },
  534: { vendor: 'Eaton', kind: 'ups' },
  641: { vendor: 'Lexmark', kind: 'printer' },
  674: { vendor: 'Dell' },
  1248: { vendor: 'Epson', kind: 'printer' },
  1347: { vendor: 'Kyocera', kind: 'printer' },
  1602: { vendor: 'Canon', kind: 'printer' },
  1916: { vendor: 'Extreme Networks', kind: 'switch' },
  2011: { vendor: 'Huawei' },
  2021: { vendor: 'Net-SNMP (UCD)' },
  2435: { vendor: 'Brother', kind: 'printer' },
  2636: { vendor: 'Juniper', kind: 'router' },
  3833: { vendor: 'Schneider Electric', class: 'ot' },
  4329: { vendor: 'Siemens', class: 'ot' },
  6527: { vendor: 'Nokia' },
  6574: { vendor: 'Synology', kind: 'nas' },
  6876: { vendor: 'VMware' },
  8072: { vendor: 'Net-SNMP' },
  8691: { vendor: 'Moxa', class: 'ot' },
  12356: { vendor: 'Fortinet', kind: 'firewall' },
  14988: { vendor: 'MikroTik', kind: 'router' },
  24681: { vendor: 'QNAP', kind: 'nas' },
  25461: { vendor: 'Palo Alto Networks', kind: 'firewall' },
  41112: { vendor: 'Ubiquiti' },
};

/** The vendor an enterprise number names; null for agent toolkits (net-snmp) and unknown numbers. */
export function enterpriseVendor(pen: number | null): string | null {
  if (pen === null || pen === 8072 || pen === 2021) return null;
  return PEN[pen]?.vendor ?? null;
}

/** The agent software an enterprise number names (net-snmp and its predecessor UCD-SNMP), else null. */
export function agentProduct(pen: number | null): string | null {
  return pen === 8072 ? 'Net-SNMP' : pen === 2021 ? 'UCD-SNMP' : null;
}

export function enterpriseOf(oid: string | null): number | null {
  const m = /^1\.3\.6\.1\.4\.1\.(\d+)(?:\.|$)/.exec(oid ?? '');
  return m ? Number(m[1]) : null;
}

export function fingerprintSnmp(sysDescr: string | null, sysObjectID: string | null): SnmpFingerprint {
  const enterprise = enterpriseOf(sysObjectID);
  const pen = enterprise !== null ? PEN[enterprise] : undefined;
  const fp: SnmpFingerprint = {
    vendor: pen && enterprise !== 8072 && enterprise !== 2021 ? pen.vendor : null,
    enterprise,
    os: null,
    firmware: null,
    model: null,
    kind: pen?.kind ?? null,
    class: pen?.class ?? null,
    cpes: [],
  };
  const d = sysDescr ?? '';
  let m: RegExpExecArray | null;
  if ((m = /^Linux \S+ (\d+\.\d+\.\d+)/.exec(d))) {
    fp.os = { name: 'Linux', version: m[1] as string };
    if (/Debian/.test(d)) fp.os = { name: 'Linux (Debian)', version: m[1] as string };
  } else if ((m = /Software: Windows(?: Version)? (\d+)\.(\d+) \(Build (\d+)/.exec(d))) {
    const rel = windowsRelease(Number(m[1]), Number(m[2]), Number(m[3]));
    fp.os = { name: 'Windows', version: `${m[1]}.${m[2]}.${m[3]}` };
    fp.vendor ??= 'Microsoft';
    fp.cpes.push(...(rel?.cpes ?? []));
  } else if ((m = /Cisco IOS(?: XE)? Software.*?Version ([\w.()]+)/.exec(d))) {
    fp.vendor = 'Cisco';
    const xe = /IOS XE|IOS-XE/.test(d);
    fp.os = { name: xe ? 'Cisco IOS XE' : 'Cisco IOS', version: m[1] as string };
    fp.cpes.push(`cpe:2.3:o:cisco:${xe ? 'ios_xe' : 'ios'}:${(m[1] as string).toLowerCase().replace(/([()])/g, '\\$1')}:*:*:*:*:*:*:*`);
  } else if ((m = /^Siemens, SIMATIC ([^,]+), ([^,]+)(?:, ([^,]+))?.*?FW: ?V(?:ersion)?\.? ?V?(\d+(?:\.\d+)+)/i.exec(d))) {
    fp.vendor = 'Siemens';
    fp.class = 'ot';
    fp.model = `${m[1]?.trim()} ${m[2]?.trim()}`.trim();
    fp.firmware = { version: m[4] as string };
    fp.kind = /S7|CPU/i.test(d) ? 'plc' : /SCALANCE/i.test(d) ? 'switch' : 'ot-gateway';
  } else if ((m = /^RouterOS (\S+)/.exec(d))) {
    fp.vendor = 'MikroTik';
    fp.os = { name: 'RouterOS' };
    fp.model = m[1] as string;
    fp.kind = 'router';
  }
  return fp;
}
