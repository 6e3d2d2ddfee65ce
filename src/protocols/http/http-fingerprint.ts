// Server header / realm / title → product, version, CPE 2.3 candidates and device hints.
// Table-driven and ordered: first match wins. CPE names as NVD spells them.

export interface HttpFingerprint {
  product: string | null;
  version: string | null;
  cpes: string[];
  os: { name: string; version?: string } | null;
  vendor: string | null;
  kind: string | null;
  class: 'it' | 'ot' | 'iot' | 'miner' | null;
}

interface Rule {
  re: RegExp;
  product: string;
  cpe?: (v: string) => string;
  os?: (m: RegExpExecArray) => { name: string; version?: string } | null;
  vendor?: string;
  kind?: string;
  class?: 'it' | 'ot' | 'iot';
}

const SERVER_RULES: Rule[] = [
  { re: /^lighttpd(?:\/(\d+\.\d+\.\d+))?/i, product: 'lighttpd', cpe: (v) => `cpe:2.3:a:lighttpd:lighttpd:${v}:*:*:*:*:*:*:*` },
  {
    re: /^Apache(?:\/(\d+\.\d+\.\d+))?(?: \(([^)]+)\))?/i,
    product: 'Apache httpd',
    cpe: (v) => `cpe:2.3:a:apache:http_server:${v}:*:*:*:*:*:*:*`,
    os: (m) => (m[2] && /debian|ubuntu|centos|red hat|fedora|win32|win64|unix/i.test(m[2]) ? { name: /win/i.test(m[2]) ? 'Windows' : m[2] } : null),
  },
  { re: /^nginx(?:\/(\d+\.\d+\.\d+))?/i, product: 'nginx', cpe: (v) => `cpe:2.3:a:f5:nginx:${v}:*:*:*:*:*:*:*` },
  { re: /^Microsoft-IIS(?:\/(\d+\.\d+))?/i, product: 'Microsoft IIS', cpe: (v) => `cpe:2.3:a:microsoft:internet_information_services:${v}:*:*:*:*:*:*:*`, os: () => ({ name: 'Windows' }), vendor: 'Microsoft' },
  { re: /^Microsoft-HTTPAPI(?:\/(\d+\.\d+))?/i, product: 'Microsoft HTTPAPI', os: () => ({ name: 'Windows' }), vendor: 'Microsoft' },
  { re: /^GoAhead-(?:Webs|http)(?:\/(\d+\.\d+\.\d+))?/i, product: 'GoAhead', cpe: (v) => `cpe:2.3:a:embedthis:goahead:${v}:*:*:*:*:*:*:*`, class: 'iot' },
  { re: /^Boa(?:\/(\d+\.\d+\.\d+\w*))?/i, product: 'Boa', cpe: (v) => `cpe:2.3:a:boa:boa:${v}:*:*:*:*:*:*:*`, class: 'iot' },
  { re: /^mini_httpd(?:\/(\d+\.\d+))?/i, product: 'mini_httpd', cpe: (v) => `cpe:2.3:a:acme:mini_httpd:${v}:*:*:*:*:*:*:*`, class: 'iot' },
  { re: /^(?:App-webs|DNVRS-Webs|Hikvision-Webs)\/?/i, product: 'Hikvision web server', vendor: 'Hikvision', kind: 'camera', class: 'iot' },
  { re: /^uc-httpd(?:\/(\d+\.\d+\.\d+))?/i, product: 'uc-httpd', vendor: 'Xiongmai', kind: 'camera', class: 'iot' },
  { re: /^Allegro-Software-RomPager(?:\/(\d+\.\d+))?/i, product: 'RomPager', cpe: (v) => `cpe:2.3:a:allegrosoft:rompager:${v}:*:*:*:*:*:*:*`, class: 'iot' },
  { re: /^WindRiver-WebServer(?:\/(\d+\.\d+))?/i, product: 'Wind River web server', os: () => ({ name: 'VxWorks' }), class: 'ot' },
  { re: /^Siemens/i, product: 'Siemens web server', vendor: 'Siemens', class: 'ot' },
  { re: /^CPWS/i, product: 'Rockwell CompactLogix web server', vendor: 'Rockwell Automation', kind: 'plc', class: 'ot' },
];

// Device web UIs recognisable by their page title (or realm): vendor, kind and class hints only.
// `vendor: null` takes the vendor from the first capture group (printer and router brands).
const TITLE_RULES: [RegExp, { vendor: string | null; kind: string; class?: 'it' | 'ot' | 'iot' | 'miner' }][] = [
  [/RouterOS/i, { vendor: 'MikroTik', kind: 'router' }],
  [/SIMATIC|S7-1[25]00|S7-[34]00/, { vendor: 'Siemens', kind: 'plc', class: 'ot' }],
  [/Modicon|Schneider Electric|\bBMX[ -]?P/i, { vendor: 'Schneider Electric', kind: 'plc', class: 'ot' }],
  [/\bWAGO\b/i, { vendor: 'WAGO', kind: 'plc', class: 'ot' }],
  [/\bMOXA\b|NPort/i, { vendor: 'Moxa', kind: 'ot-gateway', class: 'ot' }],
  [/Niagara|Tridium/i, { vendor: 'Tridium', kind: 'building-controller', class: 'ot' }],
  [/Antminer/i, { vendor: 'Bitmain', kind: 'rig', class: 'miner' }],
  [/Synology|DiskStation/i, { vendor: 'Synology', kind: 'nas' }],
  [/\bQNAP\b|\bQTS\b/, { vendor: 'QNAP', kind: 'nas' }],
  [/iDRAC|Integrated Dell Remote Access/i, { vendor: 'Dell', kind: 'server' }],
  [/FortiGate/i, { vendor: 'Fortinet', kind: 'firewall' }],
  [/pfSense/i, { vendor: 'Netgate', kind: 'firewall' }],
  [/\b(HP) (?:Color )?(?:LaserJet|OfficeJet)\b/i, { vendor: null, kind: 'printer' }],
  [/\b(Brother|EPSON|Kyocera|RICOH|Xerox|Canon)\b/i, { vendor: null, kind: 'printer' }],
  [/\bAXIS\b/, { vendor: 'Axis', kind: 'camera', class: 'iot' }],
  [/\b(NETGEAR|TP-LINK|DD-WRT|OpenWrt)\b|LuCI/i, { vendor: null, kind: 'router' }],
];

export function fingerprintHttp(server: string | null, realm: string | null, title: string | null = null): HttpFingerprint {
  const fp: HttpFingerprint = { product: null, version: null, cpes: [], os: null, vendor: null, kind: null, class: null };
  if (server) {
    for (const r of SERVER_RULES) {
      const m = r.re.exec(server);
      if (!m) continue;
      fp.product = r.product;
      fp.version = m[1] ?? null;
      if (fp.version && r.cpe) fp.cpes.push(r.cpe(fp.version));
      fp.os = r.os?.(m) ?? null;
      fp.vendor = r.vendor ?? null;
      fp.kind = r.kind ?? null;
      fp.class = r.class ?? null;
      break;
    }
    if (!fp.product) {
      const m = /^([A-Za-z][\w.-]*)\/(\d+(?:\.\d+)+)/.exec(server);
      fp.product = m?.[1] ?? server.slice(0, 60);
      fp.version = m?.[2] ?? null;
    }
  }
  const text = `${title ?? ''} ${realm ?? ''}`;
  for (const [re, hint] of TITLE_RULES) {
    const m = re.exec(text);
    if (!m) continue;
    fp.vendor ??= hint.vendor ?? m[1] ?? null;
    fp.kind ??= hint.kind;
    fp.class = hint.class ?? fp.class;
    break;
  }
  if (realm && !fp.kind) {
    if (/\b(DVR|NVR|IPCam|Camera|NetSurveillance)\b/i.test(realm)) {
      fp.kind = 'camera';
      fp.class = 'iot';
    } else if (/\b(router|gateway|TP-LINK|NETGEAR|DD-WRT)\b/i.test(realm)) {
      fp.kind = 'router';
    }
  }
  return fp;
}
