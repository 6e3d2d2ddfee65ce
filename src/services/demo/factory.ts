// The demo inventory: a mid-sized Japanese manufacturer with a head office and one plant, IT and OT mixed
// as they are in real life (old Windows on signage and engineering stations, PLCs of several vendors, IP
// cameras, a forgotten mining rig). Addresses are on loopback (127.10.x.x) so any demo scan stays on this
// machine, and the device versions are chosen so the sample advisories in shared data have something to find.
import type { AssetInput, ServiceInput, Site, Zone } from '../../core/asset.js';

export const demoSites: Site[] = [
  { name: 'tokyo-hq', description: '本社 (東京) — Head office' },
  { name: 'kawasaki-plant', description: '川崎工場 — Kawasaki plant' },
];

export const demoZones: Zone[] = [
  { name: 'office', kind: 'IT', purdueLevel: 5, site: 'tokyo-hq', cidrs: ['127.10.1.0/24'], description: 'Office LAN' },
  { name: 'plant-it', kind: 'IT', purdueLevel: 4, site: 'kawasaki-plant', cidrs: ['127.10.4.0/24'], description: '工場 情報系 LAN' },
  { name: 'plant-dmz', kind: 'DMZ', purdueLevel: 3.5, site: 'kawasaki-plant', cidrs: ['127.10.3.0/24'], description: 'IT/OT DMZ' },
  { name: 'plant-control', kind: 'OT', purdueLevel: 2, site: 'kawasaki-plant', cidrs: ['127.10.2.0/25'], description: '制御LAN (SCADA/HMI)' },
  { name: 'plant-cell', kind: 'OT', purdueLevel: 1, site: 'kawasaki-plant', cidrs: ['127.10.2.128/25'], description: 'セルLAN (PLC)' },
];

type Svc = [number, string, string?, string?] | [number, string, string | undefined, string | undefined, 'udp'];
const svcs = (xs: Svc[]): ServiceInput[] =>
  xs.map(([port, service, product, version, transport]) => ({ port, service, transport: transport ?? 'tcp', ...(product ? { product } : {}), ...(version ? { version } : {}) }));

const office = (n: number, os: [string, string], owner = 'IT'): AssetInput => ({
  hostnames: [`pc-${String(n).padStart(3, '0')}.hq.example.co.jp`], ips: [`127.10.1.${20 + n}`], macs: [`3c:52:82:10:01:${(20 + n).toString(16).padStart(2, '0')}`],
  class: 'it', kind: 'workstation', vendor: 'HP', model: 'EliteDesk 800 G4', os: { name: os[0], version: os[1] }, site: 'tokyo-hq', zone: 'office', owner, criticality: 2,
  services: svcs([[135, 'msrpc'], [139, 'netbios-ssn'], [445, 'microsoft-ds', 'Microsoft Windows SMB']]),
});

export const demoAssets: AssetInput[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => office(n, ['Windows 10', '22H2'])),
  office(7, ['Windows 7', 'SP1']),
  office(8, ['Windows 11', '23H2']),
  {
    name: '本社ファイルサーバ', hostnames: ['fs01.hq.example.co.jp'], ips: ['127.10.1.10'], macs: ['00:50:56:10:01:0a'], class: 'it', kind: 'server',
    vendor: 'Dell', model: 'PowerEdge R650', os: { name: 'Debian', version: '12' }, cpes: ['cpe:2.3:a:samba:samba:4.17.12:*:*:*:*:*:*:*'],
    site: 'tokyo-hq', zone: 'office', owner: 'IT', criticality: 4,
    services: svcs([[22, 'ssh', 'OpenSSH', '9.2p1 Debian 2+deb12u3'], [139, 'netbios-ssn', 'Samba smbd', '4.17.12'], [445, 'microsoft-ds', 'Samba smbd', '4.17.12']]),
  },
  {
    name: '会計サーバ', hostnames: ['acct01.hq.example.co.jp'], ips: ['127.10.1.11'], macs: ['00:50:56:10:01:0b'], class: 'it', kind: 'server', vendor: 'Fujitsu', model: 'PRIMERGY RX2530',
    os: { name: 'Windows Server', version: '2008 R2 SP1' }, site: 'tokyo-hq', zone: 'office', owner: 'IT', criticality: 5,
    services: svcs([[135, 'msrpc'], [445, 'microsoft-ds', 'Microsoft Windows Server 2008 R2 microsoft-ds'], [3389, 'ms-wbt-server', 'Microsoft Terminal Services']]),
  },
  {
    name: 'コア ルータ', hostnames: ['rtr-hq'], ips: ['127.10.1.1'], macs: ['00:a0:de:10:01:01'], class: 'it', kind: 'router', vendor: 'YAMAHA', model: 'RTX1300',
    firmware: { name: 'Rev.', version: '23.00.04' }, site: 'tokyo-hq', zone: 'office', owner: 'IT', criticality: 5, services: svcs([[22, 'ssh'], [23, 'telnet'], [80, 'http']]),
  },
  {
    name: '複合機 3F', hostnames: ['mfp-3f'], ips: ['127.10.1.50'], macs: ['00:26:73:10:01:32'], class: 'iot', kind: 'printer', vendor: 'RICOH', model: 'IM C3000',
    firmware: { version: '1.12' }, site: 'tokyo-hq', zone: 'office', owner: '総務', criticality: 1, services: svcs([[80, 'http'], [443, 'https'], [9100, 'jetdirect'], [161, 'snmp', undefined, undefined, 'udp']]),
  },
  {
    name: 'ロビー サイネージ', hostnames: ['signage-lobby'], ips: ['127.10.1.60'], macs: ['00:1e:c9:10:01:3c'], class: 'iot', kind: 'signage', vendor: 'NEC',
    model: 'MultiSync signage player', os: { name: 'Windows XP Embedded', version: 'SP3' }, site: 'tokyo-hq', zone: 'office', owner: '総務', criticality: 1,
    notes: 'リモート保守業者が VNC で接続', services: svcs([[139, 'netbios-ssn'], [445, 'microsoft-ds', 'Microsoft Windows XP microsoft-ds'], [5900, 'vnc', 'RealVNC', '4.1']]),
  },
  {
    name: '工場 境界FW', hostnames: ['fw-plant'], ips: ['127.10.3.1'], macs: ['00:09:0f:10:03:01'], class: 'it', kind: 'firewall', vendor: 'Fortinet', model: 'FortiGate 100F',
    firmware: { name: 'FortiOS', version: '7.2.4' }, site: 'kawasaki-plant', zone: 'plant-dmz', owner: 'IT', criticality: 5, services: svcs([[443, 'https'], [22, 'ssh']]),
  },
  {
    name: 'ヒストリアン', hostnames: ['hist01.plant'], ips: ['127.10.3.10'], macs: ['00:50:56:10:03:0a'], class: 'ot', kind: 'historian', vendor: 'AVEVA', model: 'PI Server',
    os: { name: 'Windows Server', version: '2012 R2' }, site: 'kawasaki-plant', zone: 'plant-dmz', owner: 'OT', criticality: 4,
    services: svcs([[445, 'microsoft-ds'], [5450, 'pi-server'], [3389, 'ms-wbt-server']]),
  },
  {
    name: 'リモート保守端末', hostnames: ['jump-vendor'], ips: ['127.10.3.20'], macs: ['00:50:56:10:03:14'], class: 'it', kind: 'server', vendor: 'Lenovo',
    os: { name: 'Windows 10', version: '1809' }, site: 'kawasaki-plant', zone: 'plant-dmz', owner: 'OT', criticality: 3, notes: '保守ベンダ用 TeamViewer 常駐',
    services: svcs([[3389, 'ms-wbt-server'], [5938, 'teamviewer']]),
  },
  {
    name: 'SCADA サーバ', hostnames: ['scada01.plant'], ips: ['127.10.2.10'], macs: ['00:0c:29:10:02:0a'], class: 'ot', kind: 'scada-server', vendor: 'Siemens', model: 'WinCC',
    os: { name: 'Windows Server', version: '2016' }, site: 'kawasaki-plant', zone: 'plant-control', owner: 'OT', criticality: 5,
    services: svcs([[445, 'microsoft-ds'], [4840, 'opcua', 'Siemens OPC UA'], [102, 'iso-tsap']]),
  },
  {
    name: 'エンジニアリング WS', hostnames: ['ews-01.plant'], ips: ['127.10.2.20'], macs: ['00:1b:1b:10:02:14'], class: 'ot', kind: 'engineering-workstation', vendor: 'Siemens',
    model: 'SIMATIC Field PG M5', os: { name: 'Windows 7', version: 'SP1' }, site: 'kawasaki-plant', zone: 'plant-control', owner: 'OT', criticality: 5,
    notes: 'TIA Portal V15.1; 更新不可 (ライン停止が必要)', services: svcs([[135, 'msrpc'], [139, 'netbios-ssn'], [445, 'microsoft-ds', 'Microsoft Windows 7 - 10 microsoft-ds'], [5900, 'vnc']]),
  },
  {
    name: 'ライン1 HMI', hostnames: ['hmi-line1'], ips: ['127.10.2.31'], macs: ['00:1b:1b:10:02:1f'], class: 'ot', kind: 'hmi', vendor: 'Siemens', model: 'SIMATIC HMI KTP700 Basic',
    serial: 'S V-K8A12345', firmware: { version: '17.0.0.0' }, site: 'kawasaki-plant', zone: 'plant-control', owner: 'OT', criticality: 4, services: svcs([[80, 'http'], [443, 'https'], [5900, 'vnc']]),
  },
  {
    name: 'ライン2 HMI', hostnames: ['hmi-line2'], ips: ['127.10.2.32'], macs: ['00:1b:1b:10:02:20'], class: 'ot', kind: 'hmi', vendor: 'Schneider Electric', model: 'Pro-face GP4000',
    firmware: { version: '4.9.100' }, site: 'kawasaki-plant', zone: 'plant-control', owner: 'OT', criticality: 4, services: svcs([[8000, 'http'], [21, 'ftp']]),
  },
  {
    name: 'ライン1 PLC', hostnames: ['plc-line1'], ips: ['127.10.2.131'], macs: ['00:1b:1b:10:02:83'], class: 'ot', kind: 'plc', vendor: 'Siemens', model: 'SIMATIC S7-1200 CPU 1214C',
    serial: 'S C-H4T99812', firmware: { version: 'V4.2.1' }, attributes: { 'order_number': '6ES7 214-1AG40-0XB0' },
    cpes: ['cpe:2.3:h:siemens:simatic_s7-1200:-:*:*:*:*:*:*:*', 'cpe:2.3:o:siemens:simatic_s7-1200_firmware:4.2.1:*:*:*:*:*:*:*'],
    site: 'kawasaki-plant', zone: 'plant-cell', owner: 'OT', criticality: 5, services: svcs([[102, 'iso-tsap', 'Siemens S7 PLC'], [80, 'http']]),
  },
  {
    name: 'ライン2 PLC', hostnames: ['plc-line2'], ips: ['127.10.2.132'], macs: ['00:1b:1b:10:02:84'], class: 'ot', kind: 'plc', vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1516-3 PN/DP',
    firmware: { version: 'V2.9.4' }, attributes: { 'order_number': '6ES7516-3AN02-0AB0' }, site: 'kawasaki-plant', zone: 'plant-cell', owner: 'OT', criticality: 5,
    services: svcs([[102, 'iso-tsap', 'Siemens S7 PLC'], [443, 'https'], [4840, 'opcua']]),
  },
  {
    name: '搬送 PLC', hostnames: ['plc-conveyor'], ips: ['127.10.2.133'], macs: ['00:26:92:10:02:85'], class: 'ot', kind: 'plc', vendor: 'Mitsubishi Electric', model: 'MELSEC iQ-R R04CPU',
    firmware: { version: '51' }, site: 'kawasaki-plant', zone: 'plant-cell', owner: 'OT', criticality: 4, services: svcs([[5007, 'melsec-q'], [5006, 'melsec-q-udp', undefined, undefined, 'udp']]),
  },
  {
    name: '包装機 PLC', hostnames: ['plc-packing'], ips: ['127.10.2.134'], macs: ['00:00:bc:10:02:86'], class: 'ot', kind: 'plc', vendor: 'Rockwell Automation', model: '1769-L33ER CompactLogix',
    firmware: { version: '30.011' }, site: 'kawasaki-plant', zone: 'plant-cell', owner: 'OT', criticality: 4, services: svcs([[44818, 'enip', 'Rockwell CompactLogix'], [80, 'http']]),
  },
  {
    name: '排水処理 PLC', hostnames: ['plc-water'], ips: ['127.10.2.135'], macs: ['00:00:54:10:02:87'], class: 'ot', kind: 'plc', vendor: 'Schneider Electric', model: 'Modicon M221',
    firmware: { version: '1.6.2.0' }, site: 'kawasaki-plant', zone: 'plant-cell', owner: 'OT', criticality: 3, services: svcs([[502, 'modbus', 'Schneider Electric Modicon']]),
  },
  {
    name: '空調コントローラ', hostnames: ['bms-ahu1'], ips: ['127.10.4.40'], macs: ['00:0a:5c:10:04:28'], class: 'iot', kind: 'building-controller', vendor: 'Johnson Controls', model: 'Metasys NAE55',
    firmware: { version: '9.0' }, site: 'kawasaki-plant', zone: 'plant-it', owner: '設備', criticality: 2, services: svcs([[47808, 'bacnet', undefined, undefined, 'udp'], [80, 'http']]),
  },
  ...[1, 2, 3].map((n): AssetInput => ({
    name: `監視カメラ ${n}`, hostnames: [`cam-0${n}.plant`], ips: [`127.10.4.${100 + n}`], macs: [`c0:56:e3:10:04:${(100 + n).toString(16)}`], class: 'iot', kind: 'camera',
    vendor: 'Hikvision', model: 'DS-2CD2143G0-I', firmware: { version: n === 3 ? 'V5.5.800' : 'V5.4.5' }, site: 'kawasaki-plant', zone: 'plant-it', owner: '総務', criticality: 2,
    services: svcs([[80, 'http', 'Hikvision Web'], [554, 'rtsp'], [23, 'telnet']]),
  })),
  {
    name: '工場 エッジルータ', hostnames: ['rtr-plant'], ips: ['127.10.4.1'], macs: ['00:1e:bd:10:04:01'], class: 'it', kind: 'router', vendor: 'Cisco', model: 'ISR 1100',
    os: { name: 'IOS XE', version: '16.9.5' }, site: 'kawasaki-plant', zone: 'plant-it', owner: 'IT', criticality: 4, services: svcs([[22, 'ssh'], [443, 'https'], [161, 'snmp', undefined, undefined, 'udp']]),
  },
  {
    name: '品質検査 PC', hostnames: ['qa-pc-01.plant'], ips: ['127.10.4.30'], macs: ['00:1b:21:10:04:1e'], class: 'it', kind: 'workstation', vendor: 'Dell', model: 'OptiPlex 7010',
    os: { name: 'Windows 7', version: 'SP1' }, site: 'kawasaki-plant', zone: 'plant-it', owner: '品質保証', criticality: 3, services: svcs([[445, 'microsoft-ds', 'Microsoft Windows 7 - 10 microsoft-ds'], [3389, 'ms-wbt-server']]),
  },
  {
    name: 'マイニングリグ (検証用)', hostnames: ['rig-01'], ips: ['127.10.4.200'], macs: ['70:85:c2:10:04:c8'], class: 'miner', kind: 'rig', vendor: 'custom', model: '6x GPU rig',
    os: { name: 'Windows 10', version: '1709' }, site: 'kawasaki-plant', zone: 'plant-it', owner: 'R&D', criticality: 2, notes: '研究開発部が設置。管理者不明',
    services: svcs([[3333, 'claymore-rpc', 'Claymore Dual Ethereum Miner', '11.0'], [445, 'microsoft-ds']]),
  },
  {
    name: 'MQTT ブローカ', hostnames: ['mqtt.plant'], ips: ['127.10.4.50'], macs: ['b8:27:eb:10:04:32'], class: 'iot', kind: 'broker', vendor: 'Raspberry Pi Foundation', model: 'Raspberry Pi 4',
    os: { name: 'Raspberry Pi OS', version: '11' }, site: 'kawasaki-plant', zone: 'plant-it', owner: 'OT', criticality: 3,
    services: svcs([[1883, 'mqtt', 'Mosquitto', '2.0.11'], [22, 'ssh', 'OpenSSH', '8.4p1 Raspbian 5+deb11u1']]),
  },
];
