// The connect loop backed by the native addon (native/connect_scan.c), with ConnectLoop's interface.
// Hosts go to the addon in batches so that finished hosts stream out (and get identified) while the
// next batch is scanned. Falls back to nothing: callers check nativeAvailable() and use ConnectLoop.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { ipToInt } from '../net/targets.js';
import type { LoopHost, LoopOptions, LoopStats, PortState } from './connect-loop.js';
import { packagePath } from '../core/package-root.js';

interface Binding {
  scan(ips: Uint32Array, ports: Uint16Array, ping: Uint16Array, opts: Float64Array, cancel: Int32Array): Promise<{ results: Int32Array; alive: Uint8Array; done: Uint8Array; stats: Float64Array }>;
}

let binding: Binding | null | undefined;
const ADDON = packagePath('src', 'engine', 'native', 'build', 'connect_scan.node');

/** The addon, when it has been built (node src/engine/native/build.mjs) and loads on this Node. */
export function nativeBinding(): Binding | null {
  // Only a loaded addon is remembered: one built after a first miss (tests, postinstall) is picked up.
  if (binding) return binding;
  try {
    binding = existsSync(ADDON) ? (createRequire(import.meta.url)(ADDON) as Binding) : null;
  } catch {
    binding = null;
  }
  return binding;
}

/** Addon calls running at once (see run()). */
const LANES = 2;

const CODES: Record<number, [PortState, string]> = { 1: ['open', 'syn-ack'], 2: ['closed', 'conn-refused'], 3: ['filtered', 'no-response'], 4: ['closed', 'self-connect'] };

export class NativeConnectLoop {
  readonly stats: LoopStats = { attempts: 0, retried: 0, selfConnects: 0, resourceRetries: 0, srttMs: null };

  constructor(private readonly hosts: readonly LoopHost[], private readonly o: LoopOptions, private readonly batch = 128) {}

  /** The addon handles IPv4 without a pinned source address or port; anything else goes to ConnectLoop. */
  static supports(hosts: readonly LoopHost[], o: LoopOptions): boolean {
    if (!nativeBinding() || o.localAddress || o.localPort) return false;
    if (!hosts.every((h) => net.isIPv4(h.ip))) return false;
    // One port list for every host (the engine's case): the addon takes a single list.
    return hosts.every((h) => h.ports === hosts[0]?.ports);
  }

  async run(): Promise<void> {
    const b = nativeBinding()!;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const onAbort = () => Atomics.store(cancel, 0, 1);
    this.o.signal?.addEventListener('abort', onAbort, { once: true });
    const ports = Uint16Array.from(this.hosts[0]?.ports ?? []);
    const ping = Uint16Array.from(this.o.pingPorts ?? []);
    // Two lanes (two addon calls on two libuv threads, each its own epoll loop over its own hosts) use both
    // cores of a small machine; the profile's limits are split between them, so the totals still hold and a
    // host's connections stay in one lane (per-host limit and gap unchanged). One lane when the profile
    // allows a single connection at a time (ot-safe).
    const lanes = Math.max(1, Math.min(LANES, Math.floor(this.o.concurrency / 2), Math.ceil(this.hosts.length / this.batch)));
    const opts = Float64Array.from([
      Math.floor(this.o.concurrency / lanes), this.o.perHost, this.o.rate / lanes, this.o.timeout.initial, this.o.timeout.min, this.o.timeout.max,
      this.o.retries, this.o.hostGapMs ?? 0, 0, 0,
    ]);
    let nextStart = 0;
    let stop = false;
    const take = () => {
      if (stop || this.o.signal?.aborted || nextStart >= this.hosts.length) return null;
      const start = nextStart;
      nextStart += this.batch;
      const slice = this.hosts.slice(start, start + this.batch);
      const pending = b.scan(Uint32Array.from(slice.map((h) => ipToInt(h.ip))), ports, ping, opts, cancel);
      pending.catch(() => undefined); // awaited in lane(), which rethrows
      return { start, size: slice.length, pending };
    };
    // A lane scans one batch at a time; a batch's results (ports, finished hosts, which then start their
    // identification) are handed out while the lane's next batch is already being scanned.
    const lane = async () => {
      let cur = take();
      while (cur) {
        const { start, size, pending } = cur;
        const r = await pending;
        if (r.stats[5]) stop = true; // cancelled
        cur = take();
        this.stats.attempts += r.stats[0]!;
        this.stats.retried += r.stats[1]!;
        this.stats.selfConnects += r.stats[2]!;
        this.stats.resourceRetries += r.stats[3]!;
        if (r.stats[4]! >= 0) this.stats.srttMs = r.stats[4]!;
        for (let i = 0; i < r.results.length; i += 3) {
          const [state, why] = CODES[r.results[i + 2]!] ?? ['filtered', 'unknown'];
          this.o.onPort(start + r.results[i]!, r.results[i + 1]!, state, why);
        }
        for (let k = 0; k < size; k++) if (r.done[k]) this.o.onHostDone(start + k, r.alive[k] === 1);
      }
    };
    try {
      await Promise.all(Array.from({ length: lanes }, () => lane().catch((e: unknown) => {
        stop = true;
        Atomics.store(cancel, 0, 1); // the other lane stops too
        throw e;
      })));
    } finally {
      this.o.signal?.removeEventListener('abort', onAbort);
    }
  }
}
