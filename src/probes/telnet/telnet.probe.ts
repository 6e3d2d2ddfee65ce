// Telnet identification. Wire: connect, read; answer the server's option negotiation with refusals
// (DO x → WONT x, WILL x → DONT x, except WILL ECHO/SGA → DO, RFC 1143), keep reading until a login,
// password or shell prompt appears, the server goes quiet, or 8 KiB arrived. Nothing else is typed, so no
// login is attempted: S1. Facts: negotiated options, banner text, prompt kind, OS/vendor hints.
import { z } from 'zod';
import { isUnreachable } from '../../net/tcp-session.js';
import { answerNegotiations, describeNegotiation, detectPrompt, fingerprintTelnet, parseTelnet, type PromptKind } from '../../protocols/telnet/iac.js';
import { defineProbe } from '../types.js';
import { fingerprintFacts } from '../fingerprint-facts.js';

export const telnetOptionsSchema = z.object({ idleMs: z.number().int().min(50).max(5000).default(800) }).strict();
export type TelnetOptions = z.infer<typeof telnetOptionsSchema>;

export interface TelnetAttributes {
  negotiations: string[];
  prompt: Exclude<PromptKind, null> | null;
  banner: string;
}

const MAX_TEXT = 8192;
const OTHER_PROTOCOLS = /^(SSH-\d|HTTP\/\d|RFB \d{3}\.\d{3}|[1-5]\d\d[ -])/;

export const telnetProbe = defineProbe<TelnetOptions, TelnetAttributes>({
  id: 'telnet-banner',
  title: 'Telnet negotiation, banner and login prompt',
  protocol: 'telnet',
  transport: 'tcp',
  defaultPorts: [23, 2323],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'cleartext'],
  priority: 20,
  optionsSchema: telnetOptionsSchema,
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: MAX_TEXT + 4096 });
    if (isUnreachable(s)) return s;
    try {
      const answered = new Set<string>();
      const negotiations: string[] = [];
      let pending = Buffer.alloc(0);
      let text = '';
      let prompt: PromptKind = null;
      let sawIac = false;
      for (let round = 0; round < 32 && !prompt && text.length < MAX_TEXT; round++) {
        // The first read waits for the server (deadline); later ones stop when it goes quiet.
        const r = await s.read(round === 0 ? {} : { timeoutMs: ctx.options.idleMs ?? 800 });
        if (r.data.length === 0) break;
        const p = parseTelnet(Buffer.concat([pending, r.data]));
        pending = Buffer.from(p.rest);
        if (p.negotiations.length || p.subnegotiations.length) sawIac = true;
        for (const n of p.negotiations) if (negotiations.length < 32) negotiations.push(describeNegotiation(n));
        const answer = answerNegotiations(p.negotiations, answered);
        if (answer.length) s.write(answer);
        text += p.data.toString('latin1');
        if (!sawIac && round === 0 && OTHER_PROTOCOLS.test(text)) break;
        prompt = detectPrompt(text);
        if (r.end === 'closed' || r.end === 'limit') break;
      }
      // Garbage that happens to contain 0xFF bytes is not telnet: real banners are text.
      const binary = text.length > 0 && (text.match(/[^\x20-\x7e\r\n\t\x00\x1b\x07\x08]/g)?.length ?? 0) / text.length > 0.1;
      const banner = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff]/g, '').trim().slice(0, 500);
      const transcript = s.transcript;
      // Without IAC bytes, only a login/password prompt makes plain text "telnet" (many devices skip
      // negotiation); anything else (an FTP or SSH greeting) is another protocol.
      if (binary) return { kind: 'not-matched', note: 'binary data, not a telnet banner', transcript };
      if (!sawIac && (prompt === null || prompt === 'shell' || OTHER_PROTOCOLS.test(text))) {
        return { kind: 'not-matched', note: text.length ? 'no telnet negotiation or login prompt' : 'no data', transcript };
      }
      const fp = fingerprintTelnet(banner);
      const evidence = [];
      if (negotiations.length) evidence.push({ label: 'negotiation', excerpt: negotiations.slice(0, 8).join(', ') });
      if (banner) evidence.push({ label: 'banner', excerpt: banner.slice(0, 200) });
      if (prompt) evidence.push({ label: 'prompt', excerpt: `${prompt} prompt` });
      return {
        kind: 'identified',
        facts: {
          confidence: sawIac ? 'confirmed' : 'likely',
          service: 'telnet',
          ...fingerprintFacts(fp),
          ...(banner ? { banner: banner.replace(/\s+/g, ' ').slice(0, 255) } : {}),
          attributes: { negotiations, prompt, banner },
          evidence,
          transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
