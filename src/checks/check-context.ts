// Builds the context a check runs with (used by the runner and by check tests): sockets bound to the
// asset's address and the service port, the deadline and abort signal, and what the store knows.
import type { Asset, Service } from '../core/asset.js';
import { makeNetTools } from '../net/tools.js';
import type { CheckContext, MinerExpectation, PreviousResult } from './types.js';

export interface CheckContextInput<O> {
  asset: Asset;
  service: Service | null;
  options: O;
  host?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  zoneKind?: 'IT' | 'OT' | 'DMZ' | null;
  credentialsAllowed?: boolean;
  previous?: readonly PreviousResult[];
  minerExpectations?: readonly MinerExpectation[];
  now?: Date;
  debug?: (msg: string, data?: Record<string, unknown>) => void;
}

export function makeCheckContext<O>(i: CheckContextInput<O>): CheckContext<O> {
  const host = i.host ?? i.asset.ips[0] ?? i.asset.hostnames[0] ?? '';
  const signal = i.signal ?? new AbortController().signal;
  const deadline = Date.now() + (i.timeoutMs ?? 5000);
  return {
    asset: i.asset,
    service: i.service,
    host,
    options: i.options,
    signal,
    deadline,
    net: makeNetTools({ host, port: i.service?.port ?? 0, signal, deadline }),
    log: { debug: i.debug ?? (() => undefined) },
    zoneKind: i.zoneKind ?? null,
    credentialsAllowed: i.credentialsAllowed ?? false,
    previous: i.previous ?? [],
    minerExpectations: i.minerExpectations ?? [],
    now: i.now ?? new Date(),
  };
}

/** A minimal inventory asset for tests and ad-hoc targets. */
export function assetFixture(over: Partial<Asset> & { id: string }): Asset {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    name: null, ips: [], macs: [], hostnames: [], class: null, kind: null, vendor: null, model: null, serial: null,
    os: null, firmware: null, cpes: [], site: null, zone: null, owner: null, criticality: null, tags: [], notes: null,
    attributes: {}, externalId: null, firstSeen: at, lastSeen: at, provenance: {}, services: [],
    ...over,
  };
}

export function serviceFixture(over: Partial<Service> & { port: number }): Service {
  const at = '2026-01-01T00:00:00.000Z';
  return { transport: 'tcp', service: null, product: null, version: null, banner: null, extra: {}, source: 'test', firstSeen: at, lastSeen: at, ...over };
}
