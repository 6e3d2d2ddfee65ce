// FTP identification. Wire: connect, read the server greeting (the server speaks first, RFC 959 §4.2:
// 220 ready, 120 ready later, 421 unavailable), send "FEAT" (RFC 2389, answered before login) to learn
// whether explicit TLS ("AUTH TLS", RFC 4217) is offered, send "QUIT", close. No login is attempted: S1.
// Facts: product and version from the greeting ("220 (vsFTPd 3.0.3)" → cpe:2.3:a:vsftpd_project:vsftpd:3.0.3).
// Anonymous login is the ftp-anonymous check's business, not this probe's.
import { z } from 'zod';
import { fingerprintFtp, ftpReplyComplete, parseFeatures, parseFtpReply } from '../../protocols/ftp/ftp-reply.js';
import { isUnreachable } from '../../net/tcp-session.js';
import { defineProbe } from '../types.js';
import { fingerprintFacts } from '../fingerprint-facts.js';

export const ftpAttributesSchema = z.object({
  greetingCode: z.number().int(),
  greeting: z.array(z.string()),
  /** FEAT features; null when the server does not implement FEAT. */
  features: z.array(z.string()).nullable(),
  /** Explicit FTPS offered (AUTH TLS / AUTH SSL in FEAT); null when unknown. */
  authTls: z.boolean().nullable(),
});
export type FtpAttributes = z.infer<typeof ftpAttributesSchema>;

const GREETING_CODES = new Set([220, 120, 421]);

export const ftpProbe = defineProbe<Record<string, never>, FtpAttributes>({
  id: 'ftp-banner',
  title: 'FTP greeting',
  protocol: 'ftp',
  transport: 'tcp',
  defaultPorts: [21, 2121],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version'],
  priority: 10,
  optionsSchema: z.record(z.string(), z.never()),
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 8192 });
    if (isUnreachable(s)) return s;
    try {
      const r = await s.read({ complete: ftpReplyComplete, maxBytes: 8192 });
      const reply = parseFtpReply(r.data);
      if (!reply || !GREETING_CODES.has(reply.code)) {
        const note = r.data.length === 0 ? `no greeting (${r.end})` : 'reply is not an FTP greeting';
        return { kind: 'not-matched', note, transcript: s.transcript };
      }
      let features: string[] | null = null;
      if (reply.code === 220) {
        s.write('FEAT\r\n');
        const f = await s.read({ complete: ftpReplyComplete, timeoutMs: 1000, maxBytes: 4096 });
        const fr = parseFtpReply(f.data);
        if (fr?.code === 211) features = parseFeatures(fr);
      }
      const authTls = features ? features.some((x) => /^AUTH\b.*\b(TLS|SSL)\b/.test(x)) : null;
      s.write('QUIT\r\n');
      await s.read({ complete: ftpReplyComplete, timeoutMs: 300, maxBytes: 1024 });
      const fp = fingerprintFtp(reply);
      const banner = reply.lines.join(' ').slice(0, 240);
      return {
        kind: 'identified',
        facts: {
          confidence: 'confirmed',
          service: 'ftp',
          ...fingerprintFacts(fp),
          banner,
          attributes: { greetingCode: reply.code, greeting: reply.lines.map((l) => l.slice(0, 240)), features, authTls },
          evidence: [
            { label: 'greeting', excerpt: `${reply.code} ${banner}` },
            ...(features ? [{ label: 'FEAT', excerpt: `${features.join(', ').slice(0, 200)}${authTls ? '' : ' (no AUTH TLS: logins travel in clear text)'}` }] : []),
          ],
          transcript: s.transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
