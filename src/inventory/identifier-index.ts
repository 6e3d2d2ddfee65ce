// An in-memory multimap (kind, value) → asset ids for imports of millions of rows: the identifiers a bulk
// load has not written to the store yet. Keys are two 32-bit hashes in typed arrays (open addressing), not
// strings in a Map: nothing per entry for the garbage collector to trace or promote. A lookup may return an
// asset that merely shares both hashes; callers check the identifier on the asset itself (as they already
// do for entries gone stale), so a collision costs a load, never a wrong merge.

/** FNV-1a over the kind, a separator and the value; `seed` gives an independent second hash. */
function hash(kind: string, value: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < kind.length; i++) h = Math.imul(h ^ kind.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0, 0x01000193);
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  // final avalanche (murmur3 fmix32): spreads short keys that differ in their last characters over the table
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export class IdentifierHashIndex {
  private h1: Int32Array;
  private h2: Int32Array;
  /** 1 + ordinal of the asset id in `ids`; 0 marks an empty slot. */
  private slot: Int32Array;
  private mask: number;
  private used = 0;
  private readonly ids: string[] = [];
  private lastId: string | null = null;

  constructor(capacity = 1 << 16) {
    let size = 1 << 4;
    while (size < capacity * 2) size <<= 1;
    this.h1 = new Int32Array(size);
    this.h2 = new Int32Array(size);
    this.slot = new Int32Array(size);
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
    const o = this.ids.length - 1;
    const a = hash(kind, value, 0x811c9dc5);
    const b = hash(kind, value, 0x01234567);
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slot[i]!;
      if (s === 0) {
        if ((this.used + 1) * 2 > this.mask + 1) {
          this.grow();
          this.add(kind, value, id); // same id: same ordinal
          return;
        }
        this.h1[i] = a;
        this.h2[i] = b;
        this.slot[i] = o + 1;
        this.used++;
        return;
      }
      if (s === o + 1 && this.h1[i] === a && this.h2[i] === b) return;
    }
  }

  /** Ids of the assets recorded for (kind, value), in the order they were added (none: undefined). */
  get(kind: string, value: string): string[] | undefined {
    const a = hash(kind, value, 0x811c9dc5);
    let out: string[] | undefined;
    let b = 0;
    let hasB = false;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slot[i]!;
      if (s === 0) return out;
      if (this.h1[i] !== a) continue;
      if (!hasB) {
        b = hash(kind, value, 0x01234567);
        hasB = true;
      }
      if (this.h2[i] === b) (out ??= []).push(this.ids[s - 1]!);
    }
  }

  private grow(): void {
    const { h1, h2, slot } = this;
    const size = (this.mask + 1) * 2;
    this.h1 = new Int32Array(size);
    this.h2 = new Int32Array(size);
    this.slot = new Int32Array(size);
    this.mask = size - 1;
    for (let j = 0; j < slot.length; j++) {
      if (slot[j] === 0) continue;
      let i = h1[j]! & this.mask;
      while (this.slot[i] !== 0) i = (i + 1) & this.mask;
      this.h1[i] = h1[j]!;
      this.h2[i] = h2[j]!;
      this.slot[i] = slot[j]!;
    }
  }
}
