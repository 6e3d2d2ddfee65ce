// What a scan is asked to do and what it reports, shared by the engine, the scan service, the CLI and the API.
import type { AssetInput } from '../core/asset.js';
import type { Safety, Transport } from '../core/vocabulary.js';
import type { TranscriptEntry } from '../net/tcp-session.js';
import type { Evidence, ProductFacts } from '../probes/types.js';
import type { PortState } from './connect-loop.js';
import type { Profile } from './profiles.js';

export interface ScanHost {
  ip: string;
  hostname?: string;
  /** The profile this host is scanned with (an OT host gets ot-safe unless --allow-ot). */
  profile: Profile;
}

export interface ScanPlan {
  hosts: ScanHost[];
  tcpPorts: number[];
  udpPorts: number[];
}

export interface ProbeAttempt {
  probe: string;
  outcome: 'identified' | 'not-matched' | 'unreachable' | 'error' | 'refused-by-policy';
  note?: string;
}

export interface PortResult {
  transport: Transport;
  port: number;
  state: PortState;
  /** Why the state was concluded: 'syn-ack', 'conn-refused', 'no-response', 'udp-response'. */
  reason: string;
  service?: string;
  product?: string;
  version?: string;
  banner?: string;
  probe?: string;
  confidence?: 'confirmed' | 'likely';
  device?: ProductFacts;
  attributes?: unknown;
  evidence?: readonly Evidence[];
  /** Short record of what was sent and received (the evidence for the identification). */
  transcript?: readonly TranscriptEntry[];
  attempts?: ProbeAttempt[];
}

export interface HostResult {
  ip: string;
  hostname?: string;
  profile: string;
  /** Something answered on some port. */
  alive: boolean;
  /** False when the scan was cancelled before this host was finished. */
  complete: boolean;
  /** Open ports (TCP) and answering ports (UDP), with identification. */
  ports: PortResult[];
  closed: number;
  filtered: number;
}

export type ChangeKind = 'new-device' | 'new-port' | 'closed-port' | 'changed-firmware' | 'changed-os' | 'changed-service' | 'device-silent';

export interface Change {
  kind: ChangeKind;
  ip: string;
  assetId?: string;
  transport?: Transport;
  port?: number;
  before?: string | null;
  after?: string | null;
}

export interface ScanProgress {
  hostsDone: number;
  hostsTotal: number;
  portsDone: number;
  portsTotal: number;
  open: number;
  /** Connections per second over the run so far. */
  rate: number;
}

export type ScanEvent =
  | { type: 'port'; ip: string; result: PortResult }
  | { type: 'host'; host: HostResult; asset: AssetInput | null }
  | { type: 'refused'; probe: string; safety: Safety; ip: string; reason: string }
  | { type: 'progress'; progress: ScanProgress };

export interface ScanSummary {
  hosts: number;
  alive: number;
  openPorts: number;
  identified: number;
  cancelled: boolean;
  elapsedMs: number;
  connections: number;
  selfConnects: number;
}
