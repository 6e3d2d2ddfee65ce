// Runs identification probes on one open port. Order: the probes made for this port first (registry
// order), then the others by `priority` so a web server on 2222 is still found to be HTTP. The first
// `identified` wins. Every probe passes the safety gate first; every connection it opens goes through
// the Limiter (so ot-safe's one-connection-per-host holds for probes too) and is recorded for evidence.
// A probe that throws is a bug in the probe, not a reason to stop the scan: it is recorded as 'error'.
import { safetyRank, type Safety, type Transport } from '../core/vocabulary.js';
import { connectTcp, isUnreachable, type TcpSession, type TranscriptEntry } from '../net/tcp-session.js';
import { udpRequest } from '../net/udp.js';
import type { AnyProbe } from '../probes/index.js';
import type { NetTools } from '../probes/types.js';
import type { Limiter } from './limiter.js';
import { safetyGate, type Profile } from './profiles.js';
import type { PortResult, ProbeAttempt } from './types.js';

export interface RunProbesOptions {
  probes: readonly AnyProbe[];
  profile: Profile;
  allow?: Safety;
  limiter: Limiter;
  signal: AbortSignal;
  localAddress?: string;
  onRefused?: (probe: AnyProbe, reason: string) => void;
}

/** How long past its deadline a probe may take to wind down before the engine abandons it. */
const GRACE_MS = 250;

/** Probes worth trying on `port`, in order; `udp` ports only get the probes made for them. */
export function orderProbes(probes: readonly AnyProbe[], transport: Transport, port: number, fallback: number): AnyProbe[] {
  const own = probes.filter((p) => p.transport === transport && p.defaultPorts.includes(port));
  if (transport === 'udp') return own;
  const rest = probes
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.transport === 'tcp' && !p.defaultPorts.includes(port))
    .sort((a, b) => (a.p.priority ?? 100) - (b.p.priority ?? 100) || a.i - b.i)
    .map(({ p }) => p);
  return [...own, ...rest.slice(0, fallback === Infinity ? rest.length : fallback)];
}

function netTools(host: string, port: number, deadline: number, o: RunProbesOptions, record: TranscriptEntry[][]): NetTools {
  return {
    async tcp(opts = {}) {
      const release = await o.limiter.acquire(host).catch(() => null);
      if (!release) return { kind: 'unreachable', reason: 'aborted' };
      const s = await connectTcp(host, opts.port ?? port, {
        signal: o.signal, deadline,
        ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
        ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      });
      if (isUnreachable(s)) {
        release();
        return s;
      }
      record.push(s.transcript);
      s.socket.once('close', release);
      return s;
    },
    async udp(payload, opts = {}) {
      const release = await o.limiter.acquire(host).catch(() => null);
      if (!release) return { reply: null, end: 'aborted', transcript: [] };
      try {
        const r = await udpRequest(host, opts.port ?? port, payload, { signal: o.signal, deadline, ...opts, ...(o.localAddress ? { localAddress: o.localAddress } : {}) });
        record.push(r.transcript);
        return r;
      } finally {
        release();
      }
    },
  };
}

type Outcome = Awaited<ReturnType<AnyProbe['run']>>;
interface Tried {
  probe: AnyProbe;
  attempt: ProbeAttempt;
  outcome: Outcome | null;
  transcript: TranscriptEntry[];
}

/** Runs one probe under its deadline, with its own signal and its sockets closed afterwards. */
async function runOne(probe: AnyProbe, host: string, port: number, o: RunProbesOptions): Promise<Tried> {
  const record: TranscriptEntry[][] = [];
  const deadline = Date.now() + o.profile.probeTimeoutMs;
  const sessions: TcpSession[] = [];
  // Each probe gets its own signal: the engine pulls it at the deadline even if the probe forgets to.
  const own = new AbortController();
  const signal = AbortSignal.any([o.signal, own.signal]);
  const tools = netTools(host, port, deadline, { ...o, signal }, record);
  const tracked: NetTools = {
    tcp: async (x) => {
      const s = await tools.tcp(x);
      if (!isUnreachable(s)) sessions.push(s);
      return s;
    },
    udp: tools.udp,
  };
  let outcome: Outcome | null = null;
  let attempt: ProbeAttempt | null = null;
  let overrun: NodeJS.Timeout | undefined;
  try {
    const options = probe.optionsSchema.parse({});
    const late = new Promise<never>((_, reject) => {
      overrun = setTimeout(() => {
        own.abort();
        reject(new Error(`probe overran its deadline of ${o.profile.probeTimeoutMs} ms`));
      }, deadline - Date.now() + GRACE_MS);
    });
    outcome = await Promise.race([probe.run({ host, port, options, signal, deadline, net: tracked, log: { debug: () => undefined } }), late]);
  } catch (e) {
    attempt = { probe: probe.id, outcome: 'error', note: String((e as Error)?.message ?? e).slice(0, 200) };
  } finally {
    clearTimeout(overrun);
    // A probe that forgot to close is not allowed to hold the host's connection slot.
    for (const s of sessions) s.close();
  }
  attempt ??= outcome!.kind === 'identified'
    ? { probe: probe.id, outcome: 'identified' }
    : { probe: probe.id, outcome: outcome!.kind === 'not-matched' ? 'not-matched' : 'unreachable', ...(outcome!.kind === 'not-matched' && outcome!.note ? { note: outcome!.note } : outcome!.kind === 'unreachable' ? { note: outcome!.reason } : {}) };
  return { probe, attempt, outcome, transcript: record.flat() };
}

/**
 * Identifies the service on an open port (or, for UDP, finds out whether anything answers).
 * The probes made for the port run one after the other. The fallback probes (an odd port) run in waves
 * of up to `perHost` at once when the profile allows more than one connection per host: most of them
 * wait for a greeting that a client-speaks-first server never sends, and waiting for each in turn is
 * what makes nmap -sV slow. ot-safe (one connection per host) keeps them strictly sequential. Within a
 * wave the earliest probe in the order that identified the service wins, as in the sequential case.
 */
export async function identifyPort(host: string, transport: Transport, port: number, o: RunProbesOptions): Promise<Omit<PortResult, 'state' | 'reason'> & { answered: boolean }> {
  const attempts: ProbeAttempt[] = [];
  let firstTranscript: TranscriptEntry[] | undefined;
  let answered = false;
  const ordered = orderProbes(o.probes, transport, port, o.profile.fallbackProbes);
  const ownCount = ordered.filter((p) => p.defaultPorts.includes(port)).length;
  const wave = Math.max(1, Math.min(o.profile.perHost, 8));
  for (let i = 0; i < ordered.length; ) {
    if (o.signal.aborted) break;
    const size = i < ownCount ? 1 : wave;
    const batch = ordered.slice(i, i + size);
    i += batch.length;
    const allowed: AnyProbe[] = [];
    for (const probe of batch) {
      const gate = safetyGate(probe.safety, o.profile, o.allow);
      if (gate.allowed) allowed.push(probe);
      else {
        attempts.push({ probe: probe.id, outcome: 'refused-by-policy', note: gate.reason });
        o.onRefused?.(probe, gate.reason);
      }
    }
    const tried = await Promise.all(allowed.map((probe) => runOne(probe, host, port, o)));
    for (const t of tried) {
      attempts.push(t.attempt);
      if (t.transcript.some((x) => x.dir === 'received')) answered = true;
      if (t.outcome?.kind !== 'identified' && !firstTranscript && t.transcript.length) firstTranscript = t.transcript;
    }
    const hit = tried.find((t) => t.outcome?.kind === 'identified');
    if (hit && hit.outcome?.kind === 'identified') {
      const f = hit.outcome.facts;
      return {
        transport, port, answered: true, probe: hit.probe.id, service: f.service ?? hit.probe.protocol, confidence: f.confidence,
        ...(f.product ? { product: f.product } : {}), ...(f.version ? { version: f.version } : {}), ...(f.banner ? { banner: f.banner } : {}),
        ...(f.device ? { device: f.device } : {}), attributes: f.attributes, evidence: f.evidence,
        transcript: (f.transcript ?? hit.transcript).slice(0, 16), attempts,
      };
    }
  }
  return { transport, port, answered, attempts, ...(firstTranscript ? { transcript: firstTranscript.slice(0, 16) } : {}) };
}

/** The highest safety class among the probes a run could use (for dry runs). */
export const maxProbeSafety = (probes: readonly AnyProbe[]): Safety | null =>
  probes.reduce<Safety | null>((m, p) => (m === null || safetyRank(p.safety) > safetyRank(m) ? p.safety : m), null);
