// Scan profiles and the safety gate. A profile bounds how hard a host is pushed (connections at a time,
// connections per second, timeouts, retries) and what plugins may do to it (highest safety class).
// `ot-safe` is what a PLC gets: one connection at a time per host, a low rate, read-only plugins (≤ S2)
// and no credential attempts, whatever flags were given, unless the user opts in with --allow-ot.
import { MamoriError } from '../core/errors.js';
import { safetyRank, type Safety } from '../core/vocabulary.js';

export const PROFILE_NAMES = ['ot-safe', 'normal', 'fast'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  name: ProfileName;
  /** Connections open at once, all hosts together. */
  concurrency: number;
  /** Connections open at once to one host (ot-safe: 1). */
  perHost: number;
  /** New connections (or datagrams) per second, all hosts together; 0 = unlimited. */
  rate: number;
  /** Connect timeout bounds (ms); the actual value adapts to the measured round-trip time. */
  timeout: { initial: number; min: number; max: number };
  /** Extra attempts for a port that stayed silent. */
  retries: number;
  /** Time one identification probe may take on one port (ms). */
  probeTimeoutMs: number;
  /** Highest safety class a plugin may have without an explicit opt-in. */
  maxSafety: Safety;
  /** Highest class an opt-in can reach (ot-safe: S2, i.e. opt-ins cannot lift it). */
  ceiling: Safety;
  /** Probes tried on a port beyond those made for it (a web server on 2222). */
  fallbackProbes: number;
  /** Quiet time between two connections to the same host (ms). */
  hostGapMs: number;
}

export const PROFILES: Record<ProfileName, Profile> = {
  'ot-safe': {
    name: 'ot-safe', concurrency: 16, perHost: 1, rate: 10,
    timeout: { initial: 1500, min: 500, max: 3000 }, retries: 1, probeTimeoutMs: 5000,
    maxSafety: 'S2', ceiling: 'S2', fallbackProbes: 3, hostGapMs: 50,
  },
  normal: {
    name: 'normal', concurrency: 256, perHost: 16, rate: 1000,
    timeout: { initial: 1000, min: 150, max: 2000 }, retries: 1, probeTimeoutMs: 3000,
    maxSafety: 'S2', ceiling: 'S4', fallbackProbes: Infinity, hostGapMs: 0,
  },
  fast: {
    name: 'fast', concurrency: 1024, perHost: 256, rate: 0,
    timeout: { initial: 500, min: 100, max: 1250 }, retries: 1, probeTimeoutMs: 2000,
    maxSafety: 'S2', ceiling: 'S4', fallbackProbes: Infinity, hostGapMs: 0,
  },
};

export function getProfile(name: string): Profile {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw new MamoriError('E_INPUT_INVALID', `unknown profile "${name}" (choose ${PROFILE_NAMES.join(', ')})`);
  }
  return PROFILES[name as ProfileName];
}

/** A profile with user overrides (--rate, --timeout...), each clamped so ot-safe stays gentle. */
export function tuneProfile(p: Profile, o: { rate?: number; timeoutMs?: number; concurrency?: number; perHost?: number; retries?: number }): Profile {
  const out: Profile = { ...p, timeout: { ...p.timeout } };
  if (o.rate !== undefined) out.rate = p.name === 'ot-safe' ? Math.min(o.rate || p.rate, p.rate) : o.rate;
  if (o.concurrency !== undefined) out.concurrency = Math.max(1, o.concurrency);
  if (o.perHost !== undefined) out.perHost = p.name === 'ot-safe' ? 1 : Math.max(1, o.perHost);
  if (o.retries !== undefined) out.retries = Math.max(0, o.retries);
  if (o.timeoutMs !== undefined) {
    const t = Math.max(1, o.timeoutMs);
    // An explicit timeout is the ceiling; the floor follows so a short one is honoured.
    out.timeout = { initial: t, min: Math.min(out.timeout.min, t), max: t };
    out.probeTimeoutMs = Math.max(t, Math.min(out.probeTimeoutMs, t * 4));
  }
  return out;
}

export type GateDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * The safety gate: may a plugin of class `safety` run under `profile` with the user's opt-in `allow`
 * (the highest class named with --allow)? Refusals say what would be needed.
 */
export function safetyGate(safety: Safety, profile: Profile, allow?: Safety): GateDecision {
  const limit = allow && safetyRank(allow) > safetyRank(profile.maxSafety) ? allow : profile.maxSafety;
  if (safetyRank(safety) > safetyRank(profile.ceiling)) {
    return { allowed: false, reason: `${safety} is above what the ${profile.name} profile ever allows (${profile.ceiling})` };
  }
  if (safetyRank(safety) > safetyRank(limit)) {
    return { allowed: false, reason: `${safety} is above the ${profile.name} profile's ${profile.maxSafety}; run with --allow ${safety} to opt in` };
  }
  return { allowed: true };
}
