// A bounded TCP (or TLS) conversation for probes and checks. Every byte from a device is hostile:
// reads are capped in size and time, the overall deadline and the caller's AbortSignal end everything,
// and each exchange is kept as a short transcript for evidence.
import net from 'node:net';
import tls from 'node:tls';

export type Unreachable = { kind: 'unreachable'; reason: 'refused' | 'timeout' | 'reset' | 'aborted' | 'self-connect' };

export interface TranscriptEntry {
  dir: 'sent' | 'received';
  bytes: number;
  /** First bytes, as printable text when they are text, else hex. */
  excerpt: string;
}

export interface TcpOptions {
  signal?: AbortSignal;
  /** Epoch ms after which nothing more is waited for. */
  deadline: number;
  /** Cap on bytes kept from the peer for the whole session (default 64 KiB). */
  maxBytes?: number;
  tls?: boolean | tls.ConnectionOptions;
  /** Local address to bind (tests on loopback aliases). */
  localAddress?: string;
}

export interface ReadOptions {
  /** Returns true once `buf` holds a complete message. Without it, the first chunk ends the read. */
  complete?: (buf: Buffer) => boolean;
  /** Give up waiting after this long even if the session deadline is later. */
  timeoutMs?: number;
  /** Stop after this many bytes (default: the session cap). */
  maxBytes?: number;
}

export interface ReadResult {
  data: Buffer;
  /** Why the read ended. */
  end: 'complete' | 'timeout' | 'closed' | 'limit' | 'aborted';
}

const EXCERPT = 96;

export function excerpt(buf: Buffer): string {
  const head = buf.subarray(0, EXCERPT);
  const printable = head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  const text = printable ? head.toString('latin1') : head.toString('hex');
  return buf.length > EXCERPT ? `${text}…(${buf.length} bytes)` : text;
}

export class TcpSession {
  readonly transcript: TranscriptEntry[] = [];
  private buffered: Buffer[] = [];
  private bufferedLen = 0;
  private total = 0;
  private closed = false;
  private waiter: (() => void) | null = null;
  private readonly cap: number;

  constructor(
    readonly socket: net.Socket | tls.TLSSocket,
    private readonly opts: TcpOptions,
  ) {
    this.cap = opts.maxBytes ?? 64 * 1024;
    socket.on('data', (chunk: Buffer) => {
      const room = this.cap - this.total;
      if (room <= 0) {
        socket.destroy();
        return;
      }
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.total += kept.length;
      this.buffered.push(kept);
      this.bufferedLen += kept.length;
      if (this.total >= this.cap) socket.destroy();
      this.wake();
    });
    const onEnd = () => {
      this.closed = true;
      this.wake();
    };
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onEnd);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Peer certificate when the session is TLS. */
  peerCertificate(): tls.PeerCertificate | null {
    const s = this.socket as tls.TLSSocket;
    if (typeof s.getPeerCertificate !== 'function') return null;
    const cert = s.getPeerCertificate(false);
    return cert && Object.keys(cert).length ? cert : null;
  }

  write(data: Buffer | string): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.transcript.push({ dir: 'sent', bytes: buf.length, excerpt: excerpt(buf) });
    if (!this.closed) this.socket.write(buf);
  }

  /** Reads until `complete` says so, the peer closes, a limit is hit, or time runs out. */
  async read(options: ReadOptions = {}): Promise<ReadResult> {
    const limit = options.maxBytes ?? this.cap;
    const until = Math.min(this.opts.deadline, options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : Infinity);
    const done = (end: ReadResult['end']): ReadResult => {
      const data = this.take();
      if (data.length) this.transcript.push({ dir: 'received', bytes: data.length, excerpt: excerpt(data) });
      return { data, end };
    };
    for (;;) {
      const current = this.peek();
      if (current.length > 0) {
        if (options.complete ? options.complete(current) : true) return done('complete');
        if (current.length >= limit) return done('limit');
      }
      if (this.opts.signal?.aborted) return done('aborted');
      if (this.closed) return done('closed');
      if (this.total >= this.cap) return done('limit');
      const left = until - Date.now();
      if (left <= 0) return done('timeout');
      await this.waitForData(left);
    }
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private peek(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.bufferedLen)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }

  private take(): Buffer {
    const b = this.peek();
    this.buffered = [];
    this.bufferedLen = 0;
    return b;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private waitForData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve();
      }, ms);
      const onAbort = () => this.wake();
      this.opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = () => {
        clearTimeout(timer);
        this.opts.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }
}

/**
 * Opens a TCP (optionally TLS) connection with the deadline and signal of the caller.
 * A socket that connected to itself (same local and remote address and port, which happens when
 * scanning ephemeral ports of a loopback address) is reported as unreachable, not open.
 */
export function connectTcp(host: string, port: number, opts: TcpOptions): Promise<TcpSession | Unreachable> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted) return resolve({ kind: 'unreachable', reason: 'aborted' });
    const left = Math.max(1, opts.deadline - Date.now());
    let settled = false;
    const tlsOpts = opts.tls ? (opts.tls === true ? {} : opts.tls) : null;
    const socket: net.Socket = tlsOpts
      ? tls.connect({ host, port, rejectUnauthorized: false, servername: net.isIP(host) ? undefined : host, ...tlsOpts, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) })
      : net.connect({ host, port, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    const finish = (r: TcpSession | Unreachable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      resolve(r);
    };
    const onAbort = () => {
      socket.destroy();
      finish({ kind: 'unreachable', reason: 'aborted' });
    };
    const onError = (e: NodeJS.ErrnoException) => {
      socket.destroy();
      finish({ kind: 'unreachable', reason: e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ETIMEDOUT' ? 'timeout' : 'reset' });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish({ kind: 'unreachable', reason: 'timeout' });
    }, left);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once(tlsOpts ? 'secureConnect' : 'connect', () => {
      if (socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress) {
        socket.destroy();
        return finish({ kind: 'unreachable', reason: 'self-connect' });
      }
      // Errors after connect are seen by the session as a close.
      socket.on('error', () => undefined);
      finish(new TcpSession(socket, opts));
    });
  });
}

export const isUnreachable = (x: unknown): x is Unreachable =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'unreachable';
