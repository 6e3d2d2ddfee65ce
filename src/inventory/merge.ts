// The merge rules for one device: what an observation changes on a stored asset, field by field.
// Pure: no I/O. Rules: a present value replaces a different one unless the stored value was set by hand
// and this observation is automatic (manual edits win); lists grow by union for automatic sources and are
// replaced by manual edits; services are keyed by (transport, port). Every change becomes a history entry.
import type { Asset, Provenance, Service } from '../core/asset.js';
import type { NormalizedInput } from './normalize.js';

export interface MergeOptions {
  source: string;
  at: string;
  manual: boolean;
  /** The device was actually seen (scan): lastSeen moves. Imports of documents are not sightings. */
  sighting: boolean;
}

export interface Change {
  change: 'created' | 'updated' | 'service-added' | 'service-changed' | 'service-closed';
  field: string | null;
  before: unknown;
  after: unknown;
}

export interface MergeResult {
  asset: Asset;
  changes: Change[];
  /** True when anything stored must be written (changes, or only lastSeen moved). */
  dirty: boolean;
}

const SCALARS = ['name', 'class', 'kind', 'vendor', 'model', 'serial', 'site', 'zone', 'owner', 'criticality', 'notes', 'externalId'] as const;
const SOFTWARE = ['os', 'firmware'] as const;
const LISTS = ['ips', 'macs', 'hostnames', 'cpes', 'tags'] as const;

export function emptyAsset(id: string, at: string): Asset {
  return {
    id, name: null, ips: [], macs: [], hostnames: [], class: null, kind: null, vendor: null, model: null, serial: null,
    os: null, firmware: null, cpes: [], site: null, zone: null, owner: null, criticality: null, tags: [], notes: null,
    attributes: {}, externalId: null, firstSeen: at, lastSeen: at, provenance: {}, services: [],
  };
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * A copy the merge may change without touching `a`: the containers it changes in place (services and their
 * entries, attributes, provenance) are copied; lists and os/firmware are only ever replaced, so shared.
 */
function cloneAsset(a: Asset): Asset {
  return {
    ...a, attributes: { ...a.attributes }, provenance: { ...a.provenance },
    services: a.services.map((x) => ({ ...x, extra: { ...x.extra } })),
  };
}

/** Per-field rule (no closure per field: merges run per row of every import and scan). */
interface FieldMerge {
  a: Asset;
  o: MergeOptions;
  created: boolean;
  prov: Provenance;
  changes: Change[];
}

/** Whether `after` replaces `before` in `field`; records the change (and its provenance) when it does. */
function accept(m: FieldMerge, field: string, before: unknown, after: unknown): boolean {
  if (same(before, after)) return false;
  // manual edits win: an automatic source does not overwrite a field set by hand
  if (!m.o.manual && (m.a.provenance[field] ?? m.a.provenance._)?.manual === true) return false;
  if (!m.created) {
    m.a.provenance[field] = m.prov;
    m.changes.push({ change: 'updated', field, before, after });
  }
  return true;
}

export function mergeAsset(existing: Asset | null, id: string, input: NormalizedInput, o: MergeOptions): MergeResult {
  if (existing === null && !input.services) return createAsset(id, input, o);
  const created = existing === null;
  const a: Asset = existing ? cloneAsset(existing) : emptyAsset(id, o.at);
  const changes: Change[] = [];
  const prov: Provenance = o.manual ? { source: o.source, at: o.at, manual: true } : { source: o.source, at: o.at };
  // Provenance of fields set when the asset was created lives once under '_' (imports write millions of rows).
  if (created) a.provenance._ = prov;
  const m: FieldMerge = { a, o, created, prov, changes };

  for (const f of SCALARS) {
    const v = input[f];
    if (v === undefined) continue;
    if (v === null && !o.manual) continue; // only a person clears a field
    if (accept(m, f, a[f], v)) (a as Record<string, unknown>)[f] = v;
  }
  for (const f of SOFTWARE) {
    const v = input[f];
    if (v === undefined) continue;
    if (v === null) {
      if (o.manual && accept(m, f, a[f], null)) a[f] = null;
      continue;
    }
    // A version without a name keeps the known name (a scan that only read "V4.2.1").
    const next = { name: v.name ?? a[f]?.name ?? null, version: v.version ?? (v.name && v.name !== a[f]?.name ? null : a[f]?.version ?? null) };
    if (accept(m, f, a[f], next)) a[f] = next;
  }
  for (const f of LISTS) {
    const v = input[f];
    if (v === undefined) continue;
    const cur = a[f];
    let next = v;
    if (!o.manual) {
      next = cur.slice();
      for (let i = 0; i < v.length; i++) if (!cur.includes(v[i]!)) next.push(v[i]!);
    }
    if (accept(m, f, cur, next)) a[f] = next;
  }
  if (input.attributes) {
    for (const [k, v] of Object.entries(input.attributes)) {
      if (accept(m, `attributes.${k}`, a.attributes[k] ?? null, v)) a.attributes[k] = v;
    }
  }
  let servicesTouched = false;
  for (const s of input.services ?? []) servicesTouched = mergeService(a, s, o, created, changes) || servicesTouched;
  if (servicesTouched) a.services.sort((x, y) => x.port - y.port || (x.transport < y.transport ? -1 : x.transport > y.transport ? 1 : 0));

  let dirty = created || changes.length > 0 || servicesTouched;
  if (o.sighting && o.at > a.lastSeen) {
    a.lastSeen = o.at;
    dirty = true;
  }
  // The created entry carries no snapshot: the current row plus the later diffs reconstruct any past state.
  if (created) changes.unshift({ change: 'created', field: null, before: null, after: null });
  return { asset: a, changes, dirty };
}

/**
 * mergeAsset(null, ...) for an input without services, written out: a new asset takes every present value
 * (nulls are nothing to clear on a new asset). Imports create assets by the million; the general path's
 * per-field comparisons are all no-ops here. `merge.test.ts` checks both paths give the same asset.
 */
function createAsset(id: string, input: NormalizedInput, o: MergeOptions): MergeResult {
  const a: Asset = {
    id, name: input.name ?? null, ips: list(input.ips), macs: list(input.macs), hostnames: list(input.hostnames), class: input.class ?? null,
    kind: input.kind ?? null, vendor: input.vendor ?? null, model: input.model ?? null, serial: input.serial ?? null, os: sw(input.os),
    firmware: sw(input.firmware), cpes: list(input.cpes), site: input.site ?? null, zone: input.zone ?? null, owner: input.owner ?? null,
    criticality: input.criticality ?? null, tags: list(input.tags), notes: input.notes ?? null, attributes: input.attributes ? { ...input.attributes } : {},
    externalId: input.externalId ?? null, firstSeen: o.at, lastSeen: o.at, provenance: { _: provenanceOf(o) }, services: [],
  };
  return { asset: a, changes: CREATED, dirty: true };
}

// (module-level, not closures: they run once per created asset)
/** The lists of a normalized input are its own (built by normalizeInput): the new asset takes them. */
function list(xs: string[] | undefined): string[] {
  return xs !== undefined && xs.length ? xs : [];
}
function sw(v: NormalizedInput['os']): Asset['os'] {
  return v ? { name: v.name ?? null, version: v.version ?? null } : null;
}

/** The history of a new asset: one 'created' entry (shared and frozen: nothing may add to it). */
const CREATED: Change[] = Object.freeze([Object.freeze({ change: 'created', field: null, before: null, after: null })]) as unknown as Change[];

// One provenance object per import (same source and time), shared by the assets it creates: provenance
// entries are replaced, never changed in place.
let lastProvenance: Provenance = { source: '', at: '' };
function provenanceOf(o: MergeOptions): Provenance {
  const p = lastProvenance;
  if (p.source !== o.source || p.at !== o.at || (p.manual === true) !== o.manual) {
    lastProvenance = o.manual ? { source: o.source, at: o.at, manual: true } : { source: o.source, at: o.at };
  }
  return lastProvenance;
}

/** Returns true when the stored service must be rewritten. */
function mergeService(a: Asset, s: NonNullable<NormalizedInput['services']>[number], o: MergeOptions, created: boolean, changes: Change[]): boolean {
  const key = `${s.port}/${s.transport}`;
  const cur = a.services.find((x) => x.port === s.port && x.transport === s.transport);
  const fields = { service: s.service ?? null, product: s.product ?? null, version: s.version ?? null, banner: s.banner ?? null };
  if (!cur) {
    const svc: Service = { transport: s.transport, port: s.port, ...fields, extra: s.extra ?? {}, source: o.source, firstSeen: o.at, lastSeen: o.at };
    a.services.push(svc);
    if (!created) changes.push({ change: 'service-added', field: key, before: null, after: fields });
    return true;
  }
  const before = { service: cur.service, product: cur.product, version: cur.version, banner: cur.banner };
  const after = {
    service: fields.service ?? cur.service,
    product: fields.product ?? cur.product,
    version: fields.version ?? cur.version,
    banner: fields.banner ?? cur.banner,
  };
  const extra = s.extra ? { ...cur.extra, ...s.extra } : cur.extra;
  let touched = false;
  if (!same(before, after) || !same(extra, cur.extra)) {
    Object.assign(cur, after, { extra, source: o.source });
    if (!same(before, after)) changes.push({ change: 'service-changed', field: key, before, after });
    touched = true;
  }
  if (o.sighting && o.at > cur.lastSeen) {
    cur.lastSeen = o.at;
    touched = true;
  }
  return touched;
}
