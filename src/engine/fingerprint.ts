// Fingerprints → inventory. One scanned host becomes one AssetInput: its address and name, the class
// and kind the probes saw (or that the protocols imply), vendor/model/serial, OS and firmware with
// versions, CPE 2.3 candidates, and one service per open port with the evidence it was identified by.
// Facts only: nothing is written for what was not seen (absent = "no opinion" to the merge rules).
import type { AssetInput, ServiceInput } from '../core/asset.js';
import type { AssetClass } from '../core/vocabulary.js';
import type { ProductFacts } from '../probes/types.js';
import type { HostResult, PortResult } from './types.js';

/** Protocols that by themselves say what kind of device answers. */
const OT_SERVICES = new Set(['modbus', 's7comm', 'enip', 'ethernet-ip', 'bacnet', 'dnp3', 'iec-104', 'opcua', 'fins', 'melsec', 'niagara-fox', 'codesys', 'profinet', 'hart-ip']);
const MINER_SERVICES = new Set(['claymore-api', 'cgminer-api', 'xmrig-api', 'claymore', 'ethminer', 'xmrig', 'cgminer', 'bfgminer', 'miner-api', 'stratum']);
const IOT_SERVICES = new Set(['mqtt', 'rtsp', 'coap', 'upnp']);

/** When two probes disagree, the more specific class wins: a PLC with a web server is still OT. */
const CLASS_RANK: Record<AssetClass, number> = { it: 0, iot: 1, miner: 2, ot: 3 };

const clean = (s: string | undefined | null): string | undefined => {
  const t = s?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return t ? t.slice(0, 200) : undefined;
};

/** CPE 2.3 name component: lower case, spaces to underscores, specials escaped as the spec requires. */
export const cpeComponent = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, '_').replace(/([^a-z0-9._\-~])/g, '\\$1');

/** Known products → (vendor, product) of their CPE; the probes name products as the wire spells them. */
const PRODUCT_CPES: readonly [RegExp, string, string][] = [
  [/^openssh$/i, 'openbsd', 'openssh'],
  [/^dropbear/i, 'dropbear_ssh_project', 'dropbear_ssh'],
  [/^samba$/i, 'samba', 'samba'],
  [/^lighttpd$/i, 'lighttpd', 'lighttpd'],
  [/^vsftpd$/i, 'beasts', 'vsftpd'],
  [/^mosquitto$/i, 'eclipse', 'mosquitto'],
  [/^(apache|apache httpd)$/i, 'apache', 'http_server'],
  [/^nginx$/i, 'f5', 'nginx'],
  [/^(microsoft-iis|iis)$/i, 'microsoft', 'internet_information_services'],
  [/^proftpd$/i, 'proftpd', 'proftpd'],
  [/^pure-ftpd$/i, 'pureftpd', 'pure-ftpd'],
  [/^net-snmp$/i, 'net-snmp', 'net-snmp'],
  [/^busybox/i, 'busybox', 'busybox'],
  [/^cgminer$/i, 'cgminer_project', 'cgminer'],
  [/^xmrig$/i, 'xmrig', 'xmrig'],
];

export function productCpe(product: string | undefined, version: string | undefined): string | null {
  if (!product || !version) return null;
  const hit = PRODUCT_CPES.find(([re]) => re.test(product.trim()));
  if (!hit) return null;
  const v = /^[0-9][0-9a-z._-]*/i.exec(version.trim())?.[0];
  return v ? `cpe:2.3:a:${hit[1]}:${hit[2]}:${cpeComponent(v)}:*:*:*:*:*:*:*` : null;
}

function serviceInput(p: PortResult): ServiceInput {
  const extra: Record<string, unknown> = { state: p.state, reason: p.reason };
  if (p.probe) extra.probe = p.probe;
  if (p.confidence) extra.confidence = p.confidence;
  if (p.attributes !== undefined) extra.attributes = p.attributes;
  if (p.evidence?.length) extra.evidence = p.evidence;
  if (p.transcript?.length) extra.transcript = p.transcript;
  return {
    transport: p.transport, port: p.port,
    service: clean(p.service) ?? null,
    product: clean(p.product) ?? null,
    version: clean(p.version) ?? null,
    banner: clean(p.banner) ?? null,
    extra,
  };
}

/** The class a host's services imply when no probe said so outright. */
export function impliedClass(services: readonly string[]): AssetClass | null {
  if (services.some((s) => OT_SERVICES.has(s))) return 'ot';
  if (services.some((s) => MINER_SERVICES.has(s))) return 'miner';
  if (services.length && services.every((s) => IOT_SERVICES.has(s))) return 'iot';
  return services.length ? 'it' : null;
}

/**
 * One host's scan result as inventory input. A host without an open port is null: it is reported in
 * the scan's results (it answered with refusals) but a stack that only says "closed" is not yet a
 * device worth an inventory entry (every unused loopback or NAT'd address would otherwise become one).
 */
export function toAssetInput(h: HostResult): AssetInput | null {
  if (h.ports.length === 0) return null;
  const devices: ProductFacts[] = h.ports.flatMap((p) => (p.device ? [p.device] : []));
  // Device facts from OT/miner probes first: they speak for the device, a web server speaks for itself.
  devices.sort((a, b) => CLASS_RANK[b.class ?? 'it'] - CLASS_RANK[a.class ?? 'it']);
  const first = <K extends keyof ProductFacts>(k: K): ProductFacts[K] | undefined => devices.find((d) => d[k] !== undefined && d[k] !== null && d[k] !== '')?.[k];
  const services = h.ports.map(serviceInput);
  const names = h.ports.flatMap((p) => (p.service ? [p.service] : []));
  const claimed = devices.flatMap((d) => (d.class ? [d.class] : []));
  const cls = claimed.length ? claimed.reduce((a, b) => (CLASS_RANK[b] > CLASS_RANK[a] ? b : a)) : impliedClass(names);
  const cpes = new Set<string>();
  for (const d of devices) for (const c of d.cpes ?? []) if (/^cpe:2\.3:[aho]:/.test(c)) cpes.add(c);
  for (const p of h.ports) {
    const c = productCpe(p.product, p.version);
    if (c) cpes.add(c);
  }
  const hostnames = new Set<string>();
  if (h.hostname) hostnames.add(h.hostname);
  const seenName = clean(first('hostname'));
  if (seenName && /^[a-z0-9][a-z0-9.-]*$/i.test(seenName)) hostnames.add(seenName.toLowerCase());
  const os = first('os');
  const fw = first('firmware');
  const input: AssetInput = { ips: [h.ip], services };
  if (hostnames.size) input.hostnames = [...hostnames];
  if (cls) input.class = cls;
  const kind = clean(first('kind'));
  if (kind) input.kind = kind;
  const vendor = clean(first('vendor'));
  if (vendor) input.vendor = vendor;
  const model = clean(first('model'));
  if (model) input.model = model;
  const serial = clean(first('serial'));
  if (serial) input.serial = serial;
  if (os?.name) input.os = { name: clean(os.name) ?? null, version: clean(os.version) ?? null };
  if (fw?.version) input.firmware = { name: clean(fw.name) ?? null, version: clean(fw.version) ?? null };
  if (cpes.size) input.cpes = [...cpes].sort();
  return input;
}
