// cgminer / bfgminer / sgminer / bmminer RPC API (miners.md §4). On the wire, one connection per
// command (the API answers once and closes), one at a time: `{"command":"version","parameter":""}`,
// then `summary`, then `pools` (or the plain-text forms with option format: 'text'); each reply read
// up to its NUL terminator, max 64 KiB. All three are report commands any R: client may run, so S1.
// Never sent: addpool, switchpool, restart, quit, privileged, … (S4 / write access).
// summary and pools are only asked once `version` proved the port is a miner API.
import { z } from 'zod';
import {
  cgminerReplyComplete,
  decodeCgminerReply,
  encodeCgminerRequest,
  recordNumber,
  recordString,
  type CgminerReadCommand,
  type CgminerReply,
  type CgRecord,
} from '../../protocols/cgminer/api.js';
import type { TranscriptEntry, Unreachable } from '../../net/tcp-session.js';
import { isUnreachable } from '../../net/tcp-session.js';
import { defineProbe, type ProbeContext } from '../types.js';

export const cgminerOptionsSchema = z.object({ format: z.enum(['json', 'text']).default('json') });
export type CgminerOptions = z.infer<typeof cgminerOptionsSchema>;

export interface CgminerAttributes {
  program: string;
  apiVersion: string | null;
  description: string | null;
  model: string | null;
  summary: { elapsedSeconds: number | null; mhsAverage: number | null; accepted: number | null; rejected: number | null; hardwareErrors: number | null } | null;
  /** Pool URLs and users (the user is often the wallet or account). */
  pools: { url: string; user: string | null; status: string | null; active: boolean | null }[];
}

type Exchange = { reply: CgminerReply | null; end: string; bytes: number } | { unreachable: Unreachable };

async function ask(ctx: ProbeContext<CgminerOptions>, cmd: CgminerReadCommand, transcript: TranscriptEntry[]): Promise<Exchange> {
  const s = await ctx.net.tcp({ maxBytes: 64 * 1024 });
  if (isUnreachable(s)) return { unreachable: s };
  try {
    s.write(encodeCgminerRequest(cmd, ctx.options.format ?? 'json'));
    const r = await s.read({ complete: cgminerReplyComplete, maxBytes: 64 * 1024 });
    return { reply: decodeCgminerReply(r.data), end: r.end, bytes: r.data.length };
  } finally {
    transcript.push(...s.transcript);
    s.close();
  }
}

/** The program is the VERSION key ending in "Miner" (CGMiner, BFGMiner, SGMiner, BMMiner…). */
function programOf(v: CgRecord | undefined, description: string): { program: string; version: string | null } | null {
  for (const [k, val] of Object.entries(v ?? {})) {
    if (/^[A-Za-z]{1,16}miner$/i.test(k) && typeof val === 'string') return { program: k.toLowerCase(), version: val.slice(0, 40) };
  }
  const d = /^([a-z]{1,16}miner)\s+(\S{1,40})$/i.exec(description);
  return d?.[1] ? { program: d[1].toLowerCase(), version: d[2] ?? null } : null;
}

export const cgminerProbe = defineProbe<CgminerOptions, CgminerAttributes>({
  id: 'cgminer-api',
  title: 'cgminer / bfgminer API (version, summary, pools)',
  protocol: 'cgminer-api',
  transport: 'tcp',
  defaultPorts: [4028],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version', 'miner'],
  priority: 60,
  optionsSchema: cgminerOptionsSchema as unknown as z.ZodType<CgminerOptions>,
  async run(ctx) {
    const transcript: TranscriptEntry[] = [];
    const v = await ask(ctx, 'version', transcript);
    if ('unreachable' in v) return v.unreachable;
    if (!v.reply) {
      if (v.bytes === 0 && (v.end === 'timeout' || v.end === 'aborted')) return { kind: 'unreachable', reason: 'timeout' };
      return { kind: 'not-matched', note: v.bytes ? 'reply is not a cgminer API reply' : 'closed without a reply', transcript };
    }
    const rec = v.reply.sections.VERSION?.[0];
    const prog = v.reply.status.status === 'S' ? programOf(rec, v.reply.status.description) : null;
    if (!prog) return { kind: 'not-matched', note: `cgminer-style STATUS without a VERSION (${v.reply.status.msg.slice(0, 60)})`, transcript };

    const sum = await ask(ctx, 'summary', transcript);
    const s0 = 'reply' in sum ? sum.reply?.sections.SUMMARY?.[0] : undefined;
    const pl = await ask(ctx, 'pools', transcript);
    const poolRecs = 'reply' in pl ? (pl.reply?.sections.POOLS ?? []) : [];
    const pools = poolRecs.slice(0, 32).flatMap((p) => {
      const url = recordString(p, 'URL');
      if (!url) return [];
      const active = p['Stratum Active'];
      return [{ url: url.slice(0, 256), user: recordString(p, 'User')?.slice(0, 256) ?? null, status: recordString(p, 'Status'), active: typeof active === 'boolean' ? active : null }];
    });
    const model = recordString(rec, 'Type') ?? recordString(rec, 'PROD') ?? recordString(rec, 'MODEL');
    return {
      kind: 'identified',
      facts: {
        confidence: 'confirmed',
        service: 'cgminer-api',
        product: prog.program,
        ...(prog.version ? { version: prog.version } : {}),
        device: { class: 'miner', kind: 'rig', ...(model ? { model: model.slice(0, 80) } : {}) },
        attributes: {
          program: prog.program,
          apiVersion: recordString(rec, 'API'),
          description: v.reply.status.description || null,
          model: model ? model.slice(0, 80) : null,
          summary: s0
            ? {
                elapsedSeconds: recordNumber(s0, 'Elapsed'),
                mhsAverage: recordNumber(s0, 'MHS av'),
                accepted: recordNumber(s0, 'Accepted'),
                rejected: recordNumber(s0, 'Rejected'),
                hardwareErrors: recordNumber(s0, 'Hardware Errors'),
              }
            : null,
          pools,
        },
        evidence: [
          { label: 'version', excerpt: `${v.reply.status.description} API ${recordString(rec, 'API') ?? '?'}`.slice(0, 100) },
          ...pools.slice(0, 3).map((p, i) => ({ label: `pool ${i}`, excerpt: p.url })),
        ],
        transcript,
      },
    };
  },
});
