// The authorized scope: what may be scanned (includes), what must never be touched (excludes: fragile
// devices, other people's networks), and which ranges are OT (scanned with the ot-safe profile unless the
// user opts in by name). Pure: entries come from the scope repo, names are resolved by the caller's lookup.
import { MamoriError } from '../core/errors.js';
import { parseTargetSpec, specsCover, systemLookup, type Lookup, type Target, type TargetSpec } from './targets.js';

export const SCOPE_KINDS = ['include', 'exclude'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export interface ScopeEntry {
  kind: ScopeKind;
  /** A target spec: CIDR, range, address or host name (no @file). */
  spec: string;
  /** Include entries only: the range is an OT network. */
  ot: boolean;
  note?: string | null;
}

export interface CompiledScope {
  readonly includes: readonly TargetSpec[];
  readonly excludes: readonly TargetSpec[];
  readonly ot: readonly TargetSpec[];
  readonly resolved: ReadonlyMap<string, readonly string[]>;
}

export function parseScopeSpec(spec: string): TargetSpec {
  if (spec.trim().startsWith('@')) throw new MamoriError('E_INPUT_INVALID', `scope entries take one spec each, not a file: ${spec}`);
  return parseTargetSpec(spec);
}

export async function compileScope(entries: readonly ScopeEntry[], lookup: Lookup = systemLookup, extraOt: readonly string[] = []): Promise<CompiledScope> {
  const includes: TargetSpec[] = [];
  const excludes: TargetSpec[] = [];
  const ot: TargetSpec[] = [];
  const resolved = new Map<string, string[]>();
  for (const e of entries) {
    const s = parseScopeSpec(e.spec);
    (e.kind === 'include' ? includes : excludes).push(s);
    if (e.kind === 'include' && e.ot) ot.push(s);
    // A name that no longer resolves simply matches nothing by address; it still matches by name.
    if (s.kind === 'name' && !resolved.has(s.name)) resolved.set(s.name, await lookup(s.name).catch(() => []));
  }
  for (const cidr of extraOt) {
    try {
      ot.push(parseTargetSpec(cidr));
    } catch {
      /* a zone with a malformed CIDR is the zone editor's problem, not a reason to stop a scan */
    }
  }
  return { includes, excludes, ot, resolved };
}

const names = (t: Target) => (t.hostname ? [t.hostname] : []);
export const inScope = (s: CompiledScope, t: Target) => specsCover(s.includes, t.ip, names(t), s.resolved);
export const isExcluded = (s: CompiledScope, t: Target) => specsCover(s.excludes, t.ip, names(t), s.resolved);
export const isOtTarget = (s: CompiledScope, t: Target) => specsCover(s.ot, t.ip, names(t), s.resolved);

export interface ScopeDecision {
  allowed: Target[];
  /** In an include range but also in an exclusion: silently never touched, reported as skipped. */
  excluded: Target[];
  /** Outside every include range: the scan is refused. */
  outside: Target[];
}

export function decideScope(s: CompiledScope, targets: readonly Target[]): ScopeDecision {
  const d: ScopeDecision = { allowed: [], excluded: [], outside: [] };
  for (const t of targets) {
    if (!inScope(s, t)) d.outside.push(t);
    else if (isExcluded(s, t)) d.excluded.push(t);
    else d.allowed.push(t);
  }
  return d;
}

/** Throws E_OUT_OF_SCOPE naming the targets (first few) that fall outside the authorized scope. */
export function assertInScope(s: CompiledScope, targets: readonly Target[]): ScopeDecision {
  const d = decideScope(s, targets);
  if (d.outside.length) {
    const shown = d.outside.slice(0, 5).map((t) => (t.hostname ? `${t.hostname} (${t.ip})` : t.ip === t.spec ? t.ip : `${t.ip} (from ${t.spec})`));
    const more = d.outside.length > shown.length ? ` and ${d.outside.length - shown.length} more` : '';
    const hint = s.includes.length ? '' : ' (the scope is empty)';
    throw new MamoriError('E_OUT_OF_SCOPE', `target outside the authorized scope${hint}: ${shown.join(', ')}${more}; add it with \`mamori scope add\` if you are authorized to scan it`, {
      details: { outside: d.outside.map((t) => t.ip) },
    });
  }
  return d;
}
