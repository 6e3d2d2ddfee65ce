// The TCP connect scanner's inner loop, written for throughput: plain callbacks (no promise per
// connection), one socket per attempt closed with RST (no TIME_WAIT pile-up, as nmap's connect scan
// does), a round-robin over a window of hosts so that one host never gets more than `perHost`
// connections at once, a global cap and a token-bucket rate, an RTT-adaptive timeout (RFC 6298
// smoothing) and retries for silent ports. What goes on the wire: SYN, then RST right after the
// handshake (or nothing more after a refusal). No payload is ever sent here; probes do that later.
// The loop is self-contained so it also runs inside a worker thread (connect-worker.ts).
import net from 'node:net';

export type PortState = 'open' | 'closed' | 'filtered';

export interface LoopHost {
  ip: string;
  /** Requested TCP ports, in scan order. */
  ports: readonly number[];
}

export interface LoopOptions {
  concurrency: number;
  perHost: number;
  /** Connections per second across all hosts; 0 = unlimited. */
  rate: number;
  timeout: { initial: number; min: number; max: number };
  retries: number;
  /**
   * Quiet time after a connection to a host ends before the next one to it starts (ot-safe): the
   * device's stack gets to tear the old one down first, so it never holds two at once.
   */
  hostGapMs?: number;
  /** Host discovery: try these ports first and skip the host when none of them answers (nmap's ping). */
  pingPorts?: readonly number[];
  signal?: AbortSignal;
  localAddress?: string;
  /** Tests only: pin the source port, to provoke a socket connecting to itself. */
  localPort?: number;
  onPort(host: number, port: number, state: PortState, why: string): void;
  /** `alive`: something answered (a SYN-ACK or a refusal). Not called for hosts cut short by an abort. */
  onHostDone(host: number, alive: boolean): void;
}

export interface LoopStats {
  attempts: number;
  retried: number;
  /** Sockets that connected to themselves (same address and port) and were not counted as open. */
  selfConnects: number;
  /** Local resource errors (EADDRNOTAVAIL, EMFILE) that were retried after backing off. */
  resourceRetries: number;
  srttMs: number | null;
}

interface Task {
  port: number;
  attempt: number;
  report: boolean;
  discovery: boolean;
}

interface HostState {
  idx: number;
  ip: string;
  tasks: Task[];
  next: number;
  retries: Task[];
  active: number;
  discoveryLeft: number;
  alive: boolean | null;
  done: boolean;
}

const RESOURCE = new Set(['EADDRNOTAVAIL', 'EMFILE', 'ENFILE', 'ENOBUFS', 'EAGAIN']);

export class ConnectLoop {
  readonly stats: LoopStats = { attempts: 0, retried: 0, selfConnects: 0, resourceRetries: 0, srttMs: null };
  private readonly hosts: HostState[];
  private pending = 0;
  private window: HostState[] = [];
  private readonly windowSize: number;
  private rr = 0;
  private active = 0;
  private limit: number;
  private readonly sockets = new Map<net.Socket, NodeJS.Timeout>();
  private tokens: number;
  private lastRefill = performance.now();
  private timerArmed = false;
  private srtt = -1;
  private rttvar = 0;
  private finished = false;
  private resolve!: () => void;

  constructor(hosts: readonly LoopHost[], private readonly o: LoopOptions) {
    const ping = o.pingPorts ?? [];
    this.hosts = hosts.map((h, idx) => {
      const requested = new Set(h.ports);
      const disc = ping.map((port) => ({ port, attempt: 0, report: requested.has(port), discovery: true }));
      const pingSet = new Set(ping);
      const rest = h.ports.filter((p) => !pingSet.has(p)).map((port) => ({ port, attempt: 0, report: true, discovery: false }));
      return { idx, ip: h.ip, tasks: [...disc, ...rest], next: 0, retries: [], active: 0, discoveryLeft: disc.length, alive: disc.length ? null : false, done: false };
    });
    const perHostLoad = Math.max(1, Math.min(o.perHost, Math.max(...hosts.map((h) => h.ports.length + ping.length), 1)));
    this.windowSize = Math.max(1, Math.ceil(o.concurrency / perHostLoad) * 2);
    this.limit = o.concurrency;
    this.tokens = this.burst();
  }

  run(): Promise<void> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      if (this.o.signal?.aborted) return this.finish();
      this.o.signal?.addEventListener('abort', () => this.abort(), { once: true });
      this.fillWindow();
      this.pump();
      this.checkFinished();
    });
  }

  private burst(): number {
    return this.o.rate > 0 ? Math.max(1, Math.floor(this.o.rate / 50)) : Infinity;
  }

  private fillWindow(): void {
    while (this.window.length < this.windowSize && this.pending < this.hosts.length) {
      const h = this.hosts[this.pending++]!;
      if (h.tasks.length === 0) this.hostDone(h);
      else this.window.push(h);
    }
  }

  private takeToken(): boolean {
    if (this.o.rate <= 0) return true;
    const now = performance.now();
    this.tokens = Math.min(this.burst(), this.tokens + ((now - this.lastRefill) * this.o.rate) / 1000);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  private arm(ms: number): void {
    if (this.timerArmed || this.finished) return;
    this.timerArmed = true;
    setTimeout(() => {
      this.timerArmed = false;
      this.pump();
    }, Math.max(1, ms));
  }

  /** The next task of a host that is under its per-host limit, round-robin over the window. */
  private nextTask(): { h: HostState; t: Task } | null {
    const n = this.window.length;
    for (let i = 0; i < n; i++) {
      const h = this.window[(this.rr + i) % n]!;
      if (h.active >= this.o.perHost) continue;
      let t: Task | undefined = h.retries.pop();
      if (!t && h.next < h.tasks.length) {
        const cand = h.tasks[h.next]!;
        // Until the host has answered, only discovery ports are tried.
        if (h.alive === null && !cand.discovery) continue;
        t = cand;
        h.next++;
      }
      if (!t) continue;
      this.rr = (this.rr + i + 1) % n;
      return { h, t };
    }
    return null;
  }

  private pump(): void {
    if (this.finished) return;
    while (this.active < this.limit) {
      if (this.o.rate > 0 && !this.takeToken()) {
        this.arm(1000 / this.o.rate);
        return;
      }
      const next = this.nextTask();
      if (!next) {
        if (this.o.rate > 0) this.tokens = Math.min(this.burst(), this.tokens + 1);
        return;
      }
      this.start(next.h, next.t);
    }
  }

  private timeoutFor(attempt: number): number {
    const { initial, min, max } = this.o.timeout;
    const base = this.srtt < 0 ? initial : Math.min(max, Math.max(min, this.srtt + 4 * this.rttvar));
    return Math.min(max, base * 2 ** attempt);
  }

  private sample(rtt: number): void {
    if (this.srtt < 0) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rtt);
      this.srtt = 0.875 * this.srtt + 0.125 * rtt;
    }
    this.stats.srttMs = this.srtt;
  }

  private start(h: HostState, t: Task): void {
    this.active++;
    h.active++;
    this.stats.attempts++;
    const s = new net.Socket();
    const t0 = performance.now();
    let over = false;
    const end = (outcome: PortState | 'retry' | 'resource', why: string) => {
      if (over || this.finished) return;
      over = true;
      clearTimeout(timer);
      this.sockets.delete(s);
      if (outcome === 'open') s.resetAndDestroy();
      else s.destroy();
      this.active--;
      const gap = this.o.hostGapMs ?? 0;
      if (gap > 0) {
        setTimeout(() => {
          h.active--;
          if (this.finished) return;
          this.maybeHostDone(h);
          this.pump();
          this.checkFinished();
        }, gap);
      } else h.active--;
      if (outcome === 'resource') {
        // Out of local ports or descriptors: try the same attempt again with fewer sockets in flight.
        this.stats.resourceRetries++;
        this.limit = Math.max(1, Math.floor(this.active * 0.75));
        h.retries.push(t);
        this.arm(20);
      } else if (outcome === 'retry') {
        this.stats.retried++;
        h.retries.push({ ...t, attempt: t.attempt + 1 });
      } else {
        if (outcome !== 'filtered') h.alive = true;
        if (t.report) this.o.onPort(h.idx, t.port, outcome, why);
      }
      if (t.discovery && outcome !== 'retry' && outcome !== 'resource') h.discoveryLeft--;
      if (h.alive === null && h.discoveryLeft === 0) h.alive = false;
      if (this.limit < this.o.concurrency && outcome !== 'resource') this.limit++;
      this.maybeHostDone(h);
      this.pump();
      this.checkFinished();
    };
    const timer = setTimeout(() => end(t.attempt < this.o.retries ? 'retry' : 'filtered', 'no-response'), this.timeoutFor(t.attempt));
    this.sockets.set(s, timer);
    s.once('connect', () => {
      this.sample(performance.now() - t0);
      if (s.localPort === t.port && s.localAddress === h.ip) {
        this.stats.selfConnects++;
        return end('closed', 'self-connect');
      }
      end('open', 'syn-ack');
    });
    s.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET') {
        this.sample(performance.now() - t0);
        return end('closed', 'conn-refused');
      }
      if (RESOURCE.has(code)) return end('resource', code);
      // EHOSTUNREACH, ENETUNREACH, EPERM (a local firewall), ETIMEDOUT: nothing answered.
      end('filtered', code.toLowerCase() || 'error');
    });
    s.connect(this.o.localAddress || this.o.localPort ? { port: t.port, host: h.ip, ...(this.o.localAddress ? { localAddress: this.o.localAddress } : {}), ...(this.o.localPort ? { localPort: this.o.localPort } : {}) } : { port: t.port, host: h.ip });
  }

  private maybeHostDone(h: HostState): void {
    if (h.done || h.active > 0 || h.retries.length > 0) return;
    // A host that never answered its discovery ports is down: its other ports are not tried.
    if (h.alive === false && h.discoveryLeft === 0 && this.o.pingPorts?.length) h.next = h.tasks.length;
    if (h.next < h.tasks.length) return;
    this.hostDone(h);
    const i = this.window.indexOf(h);
    if (i >= 0) this.window.splice(i, 1);
    this.fillWindow();
  }

  private hostDone(h: HostState): void {
    h.done = true;
    this.o.onHostDone(h.idx, h.alive === true);
  }

  private checkFinished(): void {
    if (!this.finished && this.active === 0 && this.window.length === 0 && this.pending >= this.hosts.length) this.finish();
  }

  private abort(): void {
    for (const [s, timer] of this.sockets) {
      clearTimeout(timer);
      s.destroy();
    }
    this.sockets.clear();
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.resolve();
  }
}
