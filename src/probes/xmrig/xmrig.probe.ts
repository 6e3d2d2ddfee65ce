// XMRig HTTP API (miners.md §3). On the wire: one `GET /1/summary HTTP/1.1` with `Connection: close`
// and no credentials; up to 128 KiB of reply read. /1/summary is allowed even in XMRig's restricted
// (read-only) mode, so this is S1. Never sent: PUT/POST /1/config, POST /json_rpc (S4), /1/config
// reads (they expose the wallet and need a token) or token guesses.
// XMRig has no well-known API port (`http.port` 0 means random), so defaultPorts is empty and the
// engine tries it on other ports; its priority (45) puts it before the generic HTTP probe (50), which
// would otherwise claim the port as plain HTTP. A 401 whose body and CORS headers are those of
// XMRig's HttpApiResponse is reported as "likely XMRig, token required".
import { z } from 'zod';
import { httpResponseComplete, parseHttpResponse, type HttpResponse } from '../../protocols/miner-rpc/http-response.js';
import { encodeSummaryRequest, parseXmrigSummary, type XmrigSummary } from '../../protocols/miner-rpc/xmrig.js';
import { isUnreachable } from '../../net/tcp-session.js';
import { defineProbe, type ProductFacts } from '../types.js';

export interface XmrigAttributes {
  tokenRequired: boolean;
  /** `restricted` as the summary reports it (true = read-only API); null when not seen. */
  restricted: boolean | null;
  summary: Omit<XmrigSummary, 'version'> | null;
}

const device = (version: string | null): ProductFacts => ({
  class: 'miner',
  kind: 'rig',
  ...(version ? { cpes: [`cpe:2.3:a:xmrig:xmrig:${version.replace(/[^0-9A-Za-z._-]/g, '')}:*:*:*:*:*:*:*`] } : {}),
});

/** XMRig's error replies: `{"status": 401, "error": "Unauthorized"}` plus its fixed CORS headers. */
function looksLikeXmrigError(r: HttpResponse): boolean {
  if (r.status !== 401 && r.status !== 403) return false;
  if (!/GET, PUT, POST, DELETE/.test(r.headers['access-control-allow-methods'] ?? '')) return false;
  if (!/Authorization, Content-Type/.test(r.headers['access-control-allow-headers'] ?? '')) return false;
  try {
    const doc = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
    return doc.status === r.status && typeof doc.error === 'string';
  } catch {
    return false;
  }
}

export const xmrigProbe = defineProbe<Record<string, never>, XmrigAttributes>({
  id: 'xmrig-api',
  title: 'XMRig HTTP API (GET /1/summary)',
  protocol: 'xmrig-api',
  transport: 'tcp',
  defaultPorts: [],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version', 'miner', 'http'],
  priority: 45,
  optionsSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 128 * 1024 });
    if (isUnreachable(s)) return s;
    try {
      s.write(encodeSummaryRequest(ctx.host, ctx.port));
      const r = await s.read({ complete: httpResponseComplete, maxBytes: 128 * 1024 });
      const transcript = [...s.transcript];
      if (r.data.length === 0) {
        if (r.end === 'timeout' || r.end === 'aborted') return { kind: 'unreachable', reason: 'timeout' } as const;
        return { kind: 'not-matched', note: 'closed without a reply', transcript };
      }
      const http = parseHttpResponse(r.data);
      if (!http) return { kind: 'not-matched', note: 'not an HTTP response', transcript };
      if (http.status === 200 && http.complete) {
        const summary = parseXmrigSummary(http.body);
        if (!summary) return { kind: 'not-matched', note: `HTTP ${http.status} without an XMRig summary`, transcript };
        const { version, ...rest } = summary;
        return {
          kind: 'identified',
          facts: {
            confidence: 'confirmed',
            service: 'xmrig-api',
            product: 'XMRig',
            version,
            device: device(version),
            attributes: { tokenRequired: false, restricted: summary.restricted, summary: rest },
            evidence: [
              { label: 'summary ua', excerpt: (summary.ua ?? `version ${version}`).slice(0, 120) },
              ...(summary.pool ? [{ label: 'pool', excerpt: summary.pool.slice(0, 120) }] : []),
            ],
            transcript,
          },
        };
      }
      if (looksLikeXmrigError(http)) {
        return {
          kind: 'identified',
          facts: {
            confidence: 'likely',
            service: 'xmrig-api',
            product: 'XMRig',
            device: device(null),
            attributes: { tokenRequired: true, restricted: null, summary: null },
            evidence: [{ label: 'summary refused', excerpt: `HTTP ${http.status} ${http.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 80)}` }],
            transcript,
          },
        };
      }
      return { kind: 'not-matched', note: `HTTP ${http.status}`, transcript };
    } finally {
      s.close();
    }
  },
});
