// The probe contract: one identification plugin per protocol, one folder each, registered in index.ts.
// A probe talks to one host:port through ctx.net only, never throws for device behaviour, and returns an
// outcome value. See docs/howto/add-a-probe.md.
import type { z } from 'zod';
import type { Confidence, Safety } from '../core/vocabulary.js';
import type { TcpOptions, TcpSession, TranscriptEntry, Unreachable } from '../net/tcp-session.js';
import type { UdpOptions, UdpResult } from '../net/udp.js';

/** The only way a plugin opens sockets: bound to the target, the deadline and the abort signal. */
export interface NetTools {
  tcp(opts?: Partial<Pick<TcpOptions, 'tls' | 'maxBytes'>> & { port?: number }): Promise<TcpSession | Unreachable>;
  udp(payload: Buffer, opts?: Partial<Pick<UdpOptions, 'timeoutMs' | 'accept' | 'maxBytes'>> & { port?: number }): Promise<UdpResult>;
}

export interface ProbeLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
}

export interface ProbeContext<O> {
  readonly host: string;
  readonly port: number;
  readonly options: O;
  readonly signal: AbortSignal;
  /** Epoch ms; net helpers stop here. */
  readonly deadline: number;
  readonly net: NetTools;
  readonly log: ProbeLogger;
}

export interface Evidence {
  label: string;
  excerpt: string;
}

export interface ProductFacts {
  vendor?: string;
  model?: string;
  /** Operating system, e.g. { name: 'Windows', version: '6.1.7601' } */
  os?: { name: string; version?: string };
  firmware?: { name?: string; version: string };
  serial?: string;
  /** CPE 2.3 candidates derived from what was seen. */
  cpes?: string[];
  /** Device classification hints. */
  class?: 'it' | 'ot' | 'iot' | 'miner';
  kind?: string;
  hostname?: string;
}

export interface ServiceFacts<A> {
  confidence: Confidence;
  /** Service name written to the inventory: 'ssh', 'modbus', 'smb'... */
  service: string;
  product?: string;
  version?: string;
  banner?: string;
  device?: ProductFacts;
  attributes: A;
  evidence: readonly Evidence[];
  transcript?: readonly TranscriptEntry[];
}

export type ProbeOutcome<A> =
  | { kind: 'identified'; facts: ServiceFacts<A> }
  | { kind: 'not-matched'; note?: string; transcript?: readonly TranscriptEntry[] }
  | Unreachable;

export interface Probe<O = Record<string, never>, A = Record<string, unknown>> {
  /** Stable kebab-case id, stored in the database: never renamed casually. */
  readonly id: string;
  readonly title: string;
  /** Service name this probe identifies. */
  readonly protocol: string;
  readonly transport: 'tcp' | 'udp';
  readonly defaultPorts: readonly number[];
  readonly safety: Safety;
  /** Industrial protocol: gentle pacing, one connection per host. */
  readonly ot: boolean;
  readonly tags: readonly string[];
  /** Lower runs first on a port that is not one of its defaultPorts (cheap, talk-first probes first). */
  readonly priority?: number;
  readonly optionsSchema: z.ZodType<O>;
  run(ctx: ProbeContext<O>): Promise<ProbeOutcome<A>>;
}

export const defineProbe = <O, A>(probe: Probe<O, A>): Probe<O, A> => probe;
