// Builds the NetTools a plugin receives: sockets bound to one target, its deadline and abort signal.
import type { NetTools } from '../probes/types.js';
import { connectTcp } from './tcp-session.js';
import { udpRequest } from './udp.js';

export interface NetToolsOptions {
  host: string;
  port: number;
  signal: AbortSignal;
  deadline: number;
  /** Called before each connection or datagram: pacing and per-host limits live in the engine. */
  beforeConnect?: () => Promise<void>;
  localAddress?: string;
}

export function makeNetTools(o: NetToolsOptions): NetTools {
  return {
    async tcp(opts = {}) {
      await o.beforeConnect?.();
      return connectTcp(o.host, opts.port ?? o.port, {
        signal: o.signal,
        deadline: o.deadline,
        ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
        ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      });
    },
    async udp(payload, opts = {}) {
      await o.beforeConnect?.();
      return udpRequest(o.host, opts.port ?? o.port, payload, {
        signal: o.signal,
        deadline: o.deadline,
        ...opts,
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      });
    },
  };
}
