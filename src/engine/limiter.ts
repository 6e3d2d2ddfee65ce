// Pacing for probe connections (the connect loop has its own, cheaper, callback-based pacing):
// a global cap, a per-host cap and a token-bucket rate. acquire() resolves with a release function;
// an aborted signal rejects waiting callers with E_ABORTED so nothing is left hanging.
import { MamoriError } from '../core/errors.js';

interface Waiter {
  host: string;
  go: (release: () => void) => void;
  fail: (e: unknown) => void;
}

export class Limiter {
  private active = 0;
  private readonly perHostActive = new Map<string, number>();
  private readonly waiting: Waiter[] = [];
  private tokens: number;
  private last = Date.now();
  private timer: NodeJS.Timeout | null = null;
  /** Highest number of simultaneous connections seen per host (tests and the run summary read it). */
  readonly peakPerHost = new Map<string, number>();

  constructor(
    private readonly o: { concurrency: number; perHost: (host: string) => number; rate: number; hostGapMs?: number },
    private readonly signal?: AbortSignal,
  ) {
    this.tokens = 1;
    signal?.addEventListener('abort', () => {
      for (const w of this.waiting.splice(0)) w.fail(new MamoriError('E_ABORTED', 'scan cancelled'));
      if (this.timer) clearTimeout(this.timer);
    }, { once: true });
  }

  acquire(host: string): Promise<() => void> {
    if (this.signal?.aborted) return Promise.reject(new MamoriError('E_ABORTED', 'scan cancelled'));
    return new Promise((go, fail) => {
      this.waiting.push({ host, go, fail });
      this.pump();
    });
  }

  private refill(): void {
    if (this.o.rate <= 0) return;
    const now = Date.now();
    this.tokens = Math.min(Math.max(1, this.o.rate / 50), this.tokens + ((now - this.last) * this.o.rate) / 1000);
    this.last = now;
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.active < this.o.concurrency; ) {
      const w = this.waiting[i]!;
      const n = this.perHostActive.get(w.host) ?? 0;
      if (n >= this.o.perHost(w.host)) {
        i++;
        continue;
      }
      this.refill();
      if (this.o.rate > 0 && this.tokens < 1) {
        if (!this.timer) this.timer = setTimeout(() => ((this.timer = null), this.pump()), Math.ceil(1000 / this.o.rate));
        return;
      }
      this.tokens -= 1;
      this.waiting.splice(i, 1);
      this.active++;
      this.perHostActive.set(w.host, n + 1);
      this.peakPerHost.set(w.host, Math.max(this.peakPerHost.get(w.host) ?? 0, n + 1));
      let released = false;
      w.go(() => {
        if (released) return;
        released = true;
        this.active--;
        const free = () => {
          const m = (this.perHostActive.get(w.host) ?? 1) - 1;
          if (m) this.perHostActive.set(w.host, m);
          else this.perHostActive.delete(w.host);
          this.pump();
        };
        // ot-safe: the host's slot frees only after a quiet gap (see ConnectLoop's hostGapMs).
        if (this.o.hostGapMs) setTimeout(free, this.o.hostGapMs);
        else free();
      });
    }
  }
}
