// The match-key postings an import has to update, gathered without one array per key: a 250,000-CVE feed adds
// about 1.2 million (key, advisory) pairs, kept as numbers in one Float64Array (key and write number packed
// into 53 bits) and grouped by one native sort at the end — little for the garbage collector to trace.

const IDX_BITS = 2 ** 21; // write numbers per import (NVD holds ~300,000 CVEs)
const KEY_OFFSET = 2 ** 31; // int32 keys → 0 … 2^32-1

export class KeyChanges {
  private buf = new Float64Array(1 << 16);
  private n = 0;
  /** Write number → advisory id. */
  private readonly ids: string[] = [];
  /** Latest write number of each id written in this import. */
  private readonly lastWrite = new IdTable();
  /** Additions taken back (the id was written again without that key): "key write". */
  private readonly cancelled = new Set<string>();
  /** Ids to remove from keys they had before this import. */
  private readonly removals = new Map<number, string[]>();
  /** Pairs beyond the packed range (imports over 2^21 writes). */
  private readonly overflow = new Map<number, string[]>();

  /** Whether this import wrote the advisory already. */
  has(id: string): boolean {
    return this.lastWrite.get(id) !== undefined;
  }

  /** An advisory written with `keys`; `oldKeys` are those of the version it replaces. */
  write(id: string, keys: readonly number[], oldKeys: readonly number[] = []): void {
    const prev = this.lastWrite.get(id);
    for (const k of oldKeys) {
      if (prev !== undefined) this.cancelled.add(`${k} ${prev}`);
      else {
        const list = this.removals.get(k);
        if (list) list.push(id);
        else this.removals.set(k, [id]);
      }
    }
    const idx = this.ids.push(id) - 1;
    this.lastWrite.set(id, idx);
    if (idx >= IDX_BITS) {
      for (const k of keys) {
        const list = this.overflow.get(k);
        if (list) list.push(id);
        else this.overflow.set(k, [id]);
      }
      return;
    }
    if (this.n + keys.length > this.buf.length) {
      const next = new Float64Array(Math.max(this.buf.length * 2, this.n + keys.length));
      next.set(this.buf.subarray(0, this.n));
      this.buf = next;
    }
    for (const k of keys) this.buf[this.n++] = (k + KEY_OFFSET) * IDX_BITS + idx;
  }

  /** Per key, ascending: ids to remove first, then ids to add. */
  *changes(): Generator<{ key: number; remove: readonly string[]; add: readonly string[] }> {
    const packed = this.buf.subarray(0, this.n).sort();
    const keys = new Set<number>([...this.removals.keys(), ...this.overflow.keys()]);
    const extra = [...keys].sort((a, b) => a - b);
    let e = 0;
    let i = 0;
    while (i < packed.length || e < extra.length) {
      const pk = i < packed.length ? Math.floor(packed[i]! / IDX_BITS) - KEY_OFFSET : Infinity;
      const key = e < extra.length && extra[e]! <= pk ? extra[e]! : pk;
      if (key === extra[e]) e++;
      const add: string[] = [];
      while (i < packed.length && Math.floor(packed[i]! / IDX_BITS) - KEY_OFFSET === key) {
        const idx = packed[i]! % IDX_BITS;
        if (!this.cancelled.size || !this.cancelled.has(`${key} ${idx}`)) add.push(this.ids[idx]!);
        i++;
      }
      add.push(...(this.overflow.get(key) ?? []));
      yield { key, remove: this.removals.get(key) ?? [], add };
    }
  }
}

const NVD_PREFIX = 'nvd-cve-2.0:CVE-';
/**
 * The id of an NVD record ("nvd-cve-2.0:CVE-2021-44228") as a number (year, number and its digit count: exact), or
 * -1 for any other id.
 */
function nvdNumber(id: string): number {
  if (!id.startsWith(NVD_PREFIX) || id.length > NVD_PREFIX.length + 14 || id.charCodeAt(NVD_PREFIX.length + 4) !== 45) return -1;
  let year = 0;
  for (let i = NVD_PREFIX.length; i < NVD_PREFIX.length + 4; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    year = year * 10 + d;
  }
  const from = NVD_PREFIX.length + 5;
  const digits = id.length - from;
  if (digits < 1 || digits > 9) return -1;
  let n = 0;
  for (let i = from; i < id.length; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return ((year * 1e9 + n) * 16 + digits);
}

/**
 * Advisory id → number. NVD record ids are keyed by a number made from them: a whole-NVD import writes 250,000,
 * and a table of 250,000 string keys costs twice the lookups of one of numbers.
 */
class IdTable {
  private readonly nvd = new Map<number, number>();
  private readonly other = new Map<string, number>();

  get(id: string): number | undefined {
    const n = nvdNumber(id);
    return n < 0 ? this.other.get(id) : this.nvd.get(n);
  }

  set(id: string, v: number): void {
    const n = nvdNumber(id);
    if (n < 0) this.other.set(id, v);
    else this.nvd.set(n, v);
  }
}
