// One UDP request, answers collected until a predicate is satisfied or time runs out. Bounded like TCP:
// at most `maxBytes` per datagram kept. The socket is connected to the target, so only its datagrams are
// delivered and an ICMP port-unreachable ends the wait at once ('refused') instead of at the timeout.
import dgram from 'node:dgram';
import net from 'node:net';
import { excerpt, type TranscriptEntry } from './tcp-session.js';

export interface UdpOptions {
  signal?: AbortSignal;
  deadline: number;
  timeoutMs?: number;
  /** Return true when the reply is the one awaited (default: any reply). */
  accept?: (msg: Buffer) => boolean;
  maxBytes?: number;
  localAddress?: string;
}

export interface UdpResult {
  reply: Buffer | null;
  end: 'reply' | 'timeout' | 'aborted' | 'refused' | 'error';
  transcript: TranscriptEntry[];
}

export function udpRequest(host: string, port: number, payload: Buffer, opts: UdpOptions): Promise<UdpResult> {
  return new Promise((resolve) => {
    const transcript: TranscriptEntry[] = [{ dir: 'sent', bytes: payload.length, excerpt: excerpt(payload) }];
    if (opts.signal?.aborted) return resolve({ reply: null, end: 'aborted', transcript });
    const sock = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    const until = Math.min(opts.deadline, opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : Infinity);
    let settled = false;
    const finish = (reply: Buffer | null, end: UdpResult['end']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      try {
        sock.close();
      } catch {
        /* already closed */
      }
      resolve({ reply, end, transcript });
    };
    const onAbort = () => finish(null, 'aborted');
    const timer = setTimeout(() => finish(null, 'timeout'), Math.max(1, until - Date.now()));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    sock.on('error', (e: NodeJS.ErrnoException) => finish(null, e.code === 'ECONNREFUSED' ? 'refused' : 'error'));
    sock.on('message', (msg) => {
      const kept = msg.subarray(0, opts.maxBytes ?? 8192);
      transcript.push({ dir: 'received', bytes: msg.length, excerpt: excerpt(kept) });
      if (!opts.accept || opts.accept(kept)) finish(Buffer.from(kept), 'reply');
    });
    const send = () =>
      sock.connect(port, host, (err?: Error) => {
        if (err) return finish(null, 'error');
        sock.send(payload, (e) => e && finish(null, (e as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'refused' : 'error'));
      });
    if (opts.localAddress) sock.bind(0, opts.localAddress, send);
    else send();
  });
}
