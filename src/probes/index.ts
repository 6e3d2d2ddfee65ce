// The probe registry: an explicit list, one line per probe (design.md §4.3). Order is the priority
// within a port: on a port that is in a probe's defaultPorts it runs first; elsewhere the engine
// tries the remaining probes in this order (then by their `priority`). Add your import + one line.
import type { Probe } from './types.js';
import { sshProbe } from './ssh/ssh.probe.js';
import { ftpProbe } from './ftp/ftp.probe.js';
import { httpProbe } from './http/http.probe.js';
import { mqttProbe } from './mqtt/mqtt.probe.js';
import { snmpProbe } from './snmp/snmp.probe.js';
import { smbProbe } from './smb/smb.probe.js';
import { telnetProbe } from './telnet/telnet.probe.js';
import { rdpProbe } from './rdp/rdp.probe.js';
import { vncProbe } from './vnc/vnc.probe.js';
import { modbusProbe } from './modbus/modbus.probe.js';
import { s7commProbe } from './s7comm/s7comm.probe.js';
import { enipProbe, enipUdpProbe } from './enip/enip.probe.js';
import { bacnetProbe } from './bacnet/bacnet.probe.js';
import { claymoreProbe } from './claymore/claymore.probe.js';
import { xmrigProbe } from './xmrig/xmrig.probe.js';
import { cgminerProbe } from './cgminer/cgminer.probe.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProbe = Probe<any, any>;

export const probes = [
  sshProbe,
  ftpProbe,
  httpProbe,
  mqttProbe,
  snmpProbe,
  smbProbe,
  telnetProbe,
  rdpProbe,
  vncProbe,
  modbusProbe,
  s7commProbe,
  enipProbe,
  enipUdpProbe,
  bacnetProbe,
  claymoreProbe,
  xmrigProbe,
  cgminerProbe,
] as const satisfies readonly AnyProbe[];
