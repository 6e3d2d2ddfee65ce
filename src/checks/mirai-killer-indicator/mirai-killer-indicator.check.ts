// mirai-killer-indicator (S1, heuristic infection indicator): Mirai's "killer" kills whatever listens on
// 23/22/80 and binds those ports itself so owners and rival bots cannot get back in (detection-techniques
// §4.5). A talk-first service (Telnet, SSH) that the inventory recorded with a banner but that now accepts
// the connection and says nothing is what that looks like from the network. Sends nothing: it connects,
// waits for the greeting a real daemon sends at once, and closes.
import { z } from 'zod';
import { defineCheck } from '../types.js';

const TALK_FIRST = new Set(['telnet', 'ssh']);

export const miraiKillerIndicatorCheck = defineCheck<{ waitMs?: number }>({
  id: 'mirai-killer-indicator',
  title: { en: 'Telnet/SSH port silent where a banner was seen (possible Mirai killer)', ja: '以前バナーを返した Telnet/SSH ポートが無応答（Mirai の killer の可能性）' },
  description: {
    en: 'Connects to a Telnet or SSH port that the inventory recorded with a banner and waits a few seconds for the greeting without sending anything. A port that accepts but stays silent is how Mirai\'s killer looks after it took the port over.',
    ja: 'インベントリにバナー付きで記録された Telnet／SSH ポートに接続し、何も送らずに数秒間あいさつを待ちます。接続は受け付けるのに無応答なのは、Mirai の killer がポートを乗っ取った後の典型的な様子です。',
  },
  remediation: {
    en: 'Check the device locally or power-cycle it (Mirai lives in memory), then change its passwords before it is reachable again, and close Telnet.',
    ja: '機器を現地で確認するか再起動し（Mirai はメモリ上にのみ存在）、再接続前にパスワードを変更し、Telnet を閉じてください。',
  },
  references: ['T0812', 'T0881', 'https://github.com/jgamblin/Mirai-Source-Code'],
  severity: 'high',
  safety: 'S1',
  tags: ['malware', 'indicator', 'mirai', 'heuristic'],
  services: ['telnet', 'ssh'],
  optionsSchema: z.object({ waitMs: z.number().int().min(500).max(15000).optional() }),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && TALK_FIRST.has((s.service ?? '').toLowerCase()) && Boolean(s.banner),
  async run(ctx) {
    const s = ctx.service!;
    const session = await ctx.net.tcp({ maxBytes: 4096 });
    if ('kind' in session) return { verdict: 'unknown', reason: `unreachable (${session.reason})` };
    const r = await session.read({ timeoutMs: ctx.options.waitMs ?? 4000, maxBytes: 512 });
    session.close();
    if (r.data.length) return { verdict: 'not-affected', summary: `${s.service} greets as before`, transcript: session.transcript };
    if (r.end === 'closed') return { verdict: 'unknown', reason: 'connection closed without a greeting (service limit or filter?)', transcript: session.transcript };
    return {
      verdict: 'infected',
      confidence: 'likely',
      summary: `${s.service} on tcp/${s.port} accepts connections but no longer greets (recorded banner: ${JSON.stringify((s.banner ?? '').slice(0, 60))}): possible Mirai killer rebind`,
      evidence: [
        { label: 'recorded banner', excerpt: `${(s.banner ?? '').slice(0, 80)} (last seen ${s.lastSeen})` },
        { label: 'now', excerpt: `connected, nothing received in ${ctx.options.waitMs ?? 4000} ms` },
      ],
      transcript: session.transcript,
    };
  },
});
