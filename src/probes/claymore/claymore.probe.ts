// Claymore / PhoenixMiner / ethminer management API (miners.md §1-§2).
// On the wire: one line `{"id":0,"jsonrpc":"2.0","method":"miner_getstat1"}\n`, one JSON reply read
// (max 32 KiB), then close. miner_getstat1 is a statistics read that Claymore allows even in its
// read-only mode, so this is S1. Never sent: miner_restart, miner_reboot, control_gpu, miner_file,
// ethminer's setters (all S4) — and no password guessing.
// Outcomes: a getstat1 result → identified (no password needed); ethminer's -403 "Authorization
// needed" → identified, password required. Claymore with -mpsw closes silently, which alone cannot be
// told apart from other services: then ONE more connection sends `GET / HTTP/1.0` (the status page
// Claymore serves on the same port since v7.3) and a page with Claymore's console lines ("ETH - Total
// Speed", "GPU0 … Mh/s") gives a 'likely' identification with a password required. Whether the page
// stays readable when -mpsw is set is not documented; where it is not, the result stays not-matched.
import { z } from 'zod';
import {
  claymoreWritableByDefault,
  decodeJsonRpcReply,
  encodeClaymoreRequest,
  jsonReplyComplete,
  parseGetStat1,
  type GetStat1,
  type MinerFlavor,
} from '../../protocols/miner-rpc/claymore.js';
import { isUnreachable, type TranscriptEntry } from '../../net/tcp-session.js';
import { defineProbe, type ProbeContext, type ProbeOutcome, type ProductFacts } from '../types.js';

export interface ClaymoreAttributes {
  flavor: MinerFlavor;
  passwordRequired: boolean;
  /** Claymore before v8.1 allowed writes by default; null when unknown (getstat cannot tell). */
  writableByDefault: boolean | null;
  stats: Omit<GetStat1, 'flavor' | 'version'> | null;
}

const PRODUCT: Record<MinerFlavor, string> = {
  claymore: "Claymore's Dual Ethereum Miner",
  phoenixminer: 'PhoenixMiner',
  ethminer: 'ethminer',
};

function cpes(flavor: MinerFlavor, version: string): string[] {
  const v = version.replace(/[^0-9A-Za-z._-]/g, '');
  if (flavor === 'claymore')
    return [`cpe:2.3:a:claymore_dual_miner_project:claymore_dual_miner:${v}:*:*:*:*:*:*:*`, `cpe:2.3:a:nanopool:claymore_dual_miner:${v}:*:*:*:*:*:*:*`];
  if (flavor === 'ethminer') return [`cpe:2.3:a:ethereum:ethminer:${v}:*:*:*:*:*:*:*`];
  return [`cpe:2.3:a:phoenixminer:phoenixminer:${v}:*:*:*:*:*:*:*`];
}

const device = (flavor: MinerFlavor, version: string | null): ProductFacts => ({
  class: 'miner',
  kind: 'rig',
  ...(version ? { cpes: cpes(flavor, version) } : {}),
});

const CONSOLE_LINE = /ETH - Total Speed: [\d.]+ Mh\/s|ETH: GPU\d+ [\d.]+ Mh\/s/;

/** The fallback after a silent close: Claymore's HTML status page on the same port. */
async function statusPage(ctx: ProbeContext<Record<string, never>>, transcript: TranscriptEntry[]): Promise<ProbeOutcome<ClaymoreAttributes>> {
  const note = 'closed without a reply to miner_getstat1 (a Claymore miner with -mpsw does this, as do many other services)';
  const s = await ctx.net.tcp({ maxBytes: 16 * 1024 });
  if (isUnreachable(s)) return { kind: 'not-matched', note, transcript };
  try {
    s.write('GET / HTTP/1.0\r\n\r\n');
    const r = await s.read({ maxBytes: 16 * 1024, complete: () => false, timeoutMs: 1500 });
    transcript.push(...s.transcript);
    const page = r.data.toString('latin1');
    const line = /^HTTP\/1\.[01] 200/.test(page) ? CONSOLE_LINE.exec(page) : null;
    if (!line) return { kind: 'not-matched', note, transcript };
    return {
      kind: 'identified',
      facts: {
        confidence: 'likely',
        service: 'claymore-api',
        product: PRODUCT.claymore,
        device: device('claymore', null),
        attributes: { flavor: 'claymore', passwordRequired: true, writableByDefault: null, stats: null },
        evidence: [
          { label: 'miner_getstat1', excerpt: 'closed without reply (password set)' },
          { label: 'status page', excerpt: line[0].slice(0, 80) },
        ],
        transcript,
      },
    };
  } finally {
    s.close();
  }
}

export const claymoreProbe = defineProbe<Record<string, never>, ClaymoreAttributes>({
  id: 'claymore-api',
  title: 'Claymore / PhoenixMiner / ethminer management API (miner_getstat1)',
  protocol: 'claymore-api',
  transport: 'tcp',
  defaultPorts: [3333],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version', 'miner'],
  priority: 48,
  optionsSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 32 * 1024 });
    if (isUnreachable(s)) return s;
    try {
      s.write(encodeClaymoreRequest({ id: 0, method: 'miner_getstat1' }));
      const r = await s.read({ complete: jsonReplyComplete, maxBytes: 32 * 1024 });
      const transcript = [...s.transcript];
      if (r.data.length === 0) {
        if (r.end === 'timeout' || r.end === 'aborted') return { kind: 'unreachable', reason: 'timeout' } as const;
        s.close();
        return await statusPage(ctx, transcript);
      }
      const reply = decodeJsonRpcReply(r.data);
      if (!reply) return { kind: 'not-matched', note: 'reply is not a JSON-RPC object', transcript };
      const stat = reply.error === null ? parseGetStat1(reply.result) : null;
      if (stat) {
        const { flavor, version, ...rest } = stat;
        return {
          kind: 'identified',
          facts: {
            confidence: 'confirmed',
            service: 'claymore-api',
            product: PRODUCT[flavor],
            version,
            device: device(flavor, version),
            attributes: {
              flavor,
              passwordRequired: false,
              writableByDefault: flavor === 'claymore' ? claymoreWritableByDefault(version) : null,
              stats: rest,
            },
            evidence: [
              { label: 'miner_getstat1 version', excerpt: stat.versionField.slice(0, 80) },
              ...(stat.pools.length ? [{ label: 'pool', excerpt: stat.pools.join(';').slice(0, 120) }] : []),
            ],
            transcript,
          },
        };
      }
      const err = typeof reply.error === 'object' && reply.error !== null ? reply.error : null;
      if (err?.code === -403 && /authori[sz]ation/i.test(err.message ?? '')) {
        // ethminer --api-password: every call before api_authorize is refused with -403.
        return {
          kind: 'identified',
          facts: {
            confidence: 'likely',
            service: 'claymore-api',
            product: PRODUCT.ethminer,
            device: device('ethminer', null),
            attributes: { flavor: 'ethminer', passwordRequired: true, writableByDefault: null, stats: null },
            evidence: [{ label: 'miner_getstat1 refused', excerpt: `${err.code} ${err.message ?? ''}`.slice(0, 80) }],
            transcript,
          },
        };
      }
      return { kind: 'not-matched', note: 'JSON-RPC reply without a getstat1 result', transcript };
    } finally {
      s.close();
    }
  },
});
