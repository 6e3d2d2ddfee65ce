// An in-memory multimap (kind, value) → asset ids for imports of millions of rows: the identifiers a bulk
// load has not written to the store yet. Keys are two 32-bit hashes in typed arrays (open addressing), not
// strings in a Map: nothing per entry for the garbage collector to trace or promote. A lookup may return an
// asset that merely shares both hashes; callers check the identifier on the asset itself (as they already
// do for entries gone stale), so a collision costs a load, never a wrong merge.
import type { Asset } from '../core/asset.js';

/** murmur3's final mix: spreads keys that differ only in their last characters over the table. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Two independent 32-bit FNV-1a hashes of the kind, a separator and the value, in one pass (set in
 * `hashes`: the first picks the slot, both must match).
 */
const hashes = new Int32Array(2);
function hash2(kind: string, value: string): void {
  let a = 0x811c9dc5;
  let b = 0x01234567;
  for (let i = 0; i < kind.length; i++) {
    const c = kind.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  a = Math.imul(a, 0x01000193);
  b = Math.imul(b, 0x01000193);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  hashes[0] = fmix(a);
  hashes[1] = fmix(b);
}

export class IdentifierHashIndex {
  /** Three ints per slot, side by side (one cache line per probe): hash 1, hash 2, 1 + ordinal of the id
   * in `ids` (0: empty slot). */
  private table: Int32Array;
  private mask: number;
  private used = 0;
  private readonly ids: string[] = [];
  private lastId: string | null = null;

  constructor(capacity = 1 << 16) {
    let size = 1 << 4;
    while (size < capacity * 2) size <<= 1;
    this.table = new Int32Array(size * 3);
    this.mask = size - 1;
  }

  get size(): number {
    return this.used;
  }

  /**
   * Records that asset `id` holds (kind, value). Add an asset's identifiers one after the other: the id is
   * stored once per run of adds. Adding a pair again may return the id twice from get().
   */
  add(kind: string, value: string, id: string): void {
    if (id !== this.lastId) {
      this.ids.push(id);
      this.lastId = id;
    }
    if ((this.used + 1) * 2 > this.mask + 1) this.grow();
    const o = this.ids.length;
    hash2(kind, value);
    const a = hashes[0]!;
    const b = hashes[1]!;
    const t = this.table;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const p = i * 3;
      const s = t[p + 2]!;
      if (s === 0) {
        t[p] = a;
        t[p + 1] = b;
        t[p + 2] = o;
        this.used++;
        return;
      }
      if (s === o && t[p] === a && t[p + 1] === b) return;
    }
  }

  /** Records every identifier the asset holds (the identifier rows the store keeps for it). */
  addAsset(a: Pick<Asset, 'id' | 'macs' | 'ips' | 'hostnames' | 'serial' | 'externalId'>): void {
    for (let i = 0; i < a.macs.length; i++) this.add('mac', a.macs[i]!, a.id);
    for (let i = 0; i < a.ips.length; i++) this.add('ip', a.ips[i]!, a.id);
    for (let i = 0; i < a.hostnames.length; i++) this.add('hostname', a.hostnames[i]!, a.id);
    if (a.serial) this.add('serial', a.serial.toLowerCase(), a.id);
    if (a.externalId) this.add('key', a.externalId, a.id);
  }

  /** Ids of the assets recorded for (kind, value), in the order they were added (none: undefined). */
  get(kind: string, value: string): string[] | undefined {
    hash2(kind, value);
    const a = hashes[0]!;
    const b = hashes[1]!;
    const t = this.table;
    let out: string[] | undefined;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const p = i * 3;
      const s = t[p + 2]!;
      if (s === 0) return out;
      if (s > 0 && t[p] === a && t[p + 1] === b) (out ??= []).push(this.ids[s - 1]!);
    }
  }

  /** Makes room for `n` more entries at once (slots held by lookupAndHold() stay where they are). */
  reserve(n: number): void {
    while ((this.used + n) * 2 > this.mask + 1) this.grow();
  }

  /**
   * get() and, in the same probe, a pending entry for (kind, value) whose slot is pushed on `held`; settle()
   * gives it its asset once known. Pending entries are invisible to lookups; when `row` (the batch row
   * asking) meets one with the same key, both rows are flagged in `shared`. Call reserve() first.
   */
  lookupAndHold(kind: string, value: string, held: number[], row = 0, shared?: Uint8Array): string[] | undefined {
    hash2(kind, value);
    const a = hashes[0]!;
    const b = hashes[1]!;
    const t = this.table;
    let out: string[] | undefined;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const p = i * 3;
      const s = t[p + 2]!;
      if (s === 0) {
        t[p] = a;
        t[p + 1] = b;
        t[p + 2] = -1 - row;
        this.used++;
        held.push(i);
        return out;
      }
      if (t[p] !== a || t[p + 1] !== b) continue;
      if (s > 0) (out ??= []).push(this.ids[s - 1]!);
      else if (shared) {
        // held by an earlier row of this batch: both rows share the identifier
        shared[-1 - s] = 1;
        shared[row] = 1;
      }
    }
  }

  /** The pending entries held at `held[from..to)` now name asset `id`. */
  settle(held: readonly number[], from: number, to: number, id: string): void {
    if (id !== this.lastId) {
      this.ids.push(id);
      this.lastId = id;
    }
    const o = this.ids.length;
    for (let j = from; j < to; j++) this.table[held[j]! * 3 + 2] = o;
  }

  private grow(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    const t = (this.table = new Int32Array(size * 3));
    this.mask = size - 1;
    for (let p = 0; p < old.length; p += 3) {
      if (old[p + 2] === 0) continue;
      let i = old[p]! & this.mask;
      while (t[i * 3 + 2] !== 0) i = (i + 1) & this.mask;
      t[i * 3] = old[p]!;
      t[i * 3 + 1] = old[p + 1]!;
      t[i * 3 + 2] = old[p + 2]!;
    }
  }
}
