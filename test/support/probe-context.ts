// Builds a ProbeContext for tests: a real socket toolset bound to a loopback target with a short deadline.
import { makeNetTools } from '../../src/net/tools.js';
import type { ProbeContext } from '../../src/probes/types.js';

export function probeContext<O = Record<string, never>>(
  host: string,
  port: number,
  opts: { timeoutMs?: number; options?: O; signal?: AbortSignal } = {},
): ProbeContext<O> {
  const signal = opts.signal ?? new AbortController().signal;
  const deadline = Date.now() + (opts.timeoutMs ?? 2000);
  return {
    host,
    port,
    options: (opts.options ?? {}) as O,
    signal,
    deadline,
    net: makeNetTools({ host, port, signal, deadline }),
    log: { debug: () => undefined },
  };
}
