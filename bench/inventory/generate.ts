// A synthetic but realistic inventory: a mix of office PCs, servers, PLCs, HMIs, cameras and rigs,
// each with a MAC, an IP on loopback ranges, a host name and two or three services.
import type { AssetInput } from '../../src/core/asset.js';

const KINDS = [
  { class: 'it', kind: 'workstation', vendor: 'HP', model: 'EliteDesk 800', os: ['Windows 10', '22H2'], svc: [135, 445] },
  { class: 'it', kind: 'server', vendor: 'Dell', model: 'PowerEdge R650', os: ['Windows Server', '2019'], svc: [445, 3389, 5985] },
  { class: 'ot', kind: 'plc', vendor: 'Siemens', model: 'SIMATIC S7-1200', fw: 'V4.2.1', svc: [102, 80] },
  { class: 'ot', kind: 'hmi', vendor: 'Schneider Electric', model: 'Pro-face GP4000', fw: '4.9.100', svc: [80, 21, 5900] },
  { class: 'iot', kind: 'camera', vendor: 'Hikvision', model: 'DS-2CD2143G0-I', fw: 'V5.4.5', svc: [80, 554, 23] },
  { class: 'miner', kind: 'rig', vendor: 'custom', model: 'GPU rig', os: ['Windows 10', '1709'], svc: [3333] },
] as const;

export function asset(i: number, withServices = true): AssetInput {
  const k = KINDS[i % KINDS.length]!;
  const ip = `127.${16 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}`;
  const mac = `02:${((i >> 24) & 255).toString(16).padStart(2, '0')}:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:01`;
  return {
    hostnames: [`${k.kind}-${i}.site${i % 20}.example`], ips: [ip], macs: [mac], class: k.class, kind: k.kind, vendor: k.vendor, model: k.model,
    ...('os' in k ? { os: { name: k.os[0], version: k.os[1] } } : {}), ...('fw' in k ? { firmware: { version: k.fw } } : {}),
    site: `site-${i % 20}`, zone: k.class === 'it' ? `office-${i % 20}` : `plant-${i % 20}`, owner: k.class === 'it' ? 'IT' : 'OT', criticality: 1 + (i % 5),
    ...(withServices ? { services: k.svc.map((port) => ({ port, transport: 'tcp' as const })) } : {}),
  };
}

export function* assets(n: number, offset = 0, withServices = true): Generator<AssetInput> {
  for (let i = 0; i < n; i++) yield asset(offset + i, withServices);
}

export function csvOf(n: number): string {
  const lines = ['hostname,ip,mac,class,kind,vendor,model,os,os_version,firmware,site,zone,owner,criticality,services'];
  for (let i = 0; i < n; i++) {
    const a = asset(i);
    lines.push([a.hostnames![0], a.ips![0], a.macs![0], a.class, a.kind, a.vendor, a.model, a.os?.name ?? '', a.os?.version ?? '', a.firmware?.version ?? '',
      a.site, a.zone, a.owner, a.criticality, `"${a.services!.map((s) => `${s.port}/tcp`).join(';')}"`].join(','));
  }
  return `${lines.join('\n')}\n`;
}
