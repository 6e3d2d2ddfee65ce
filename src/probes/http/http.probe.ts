// HTTP/HTTPS identification. Wire: one "GET / HTTP/1.1" (Host, User-Agent, Connection: close), read the
// response head and at most 32 KiB of body, close. Over TLS the handshake also yields the certificate.
// One read-only request without credentials: S1. When the first attempt is not HTTP (a TLS port spoken
// to in clear, or the other way round) a second connection tries the other mode.
// Facts: Server header → product/version/CPE, <title>, WWW-Authenticate scheme and realm, and for TLS the
// certificate subject, issuer, validity, expiry and self-signed flag.
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import { isUnreachable, type TcpSession, type TranscriptEntry } from '../../net/tcp-session.js';
import { fingerprintHttp } from '../../protocols/http/http-fingerprint.js';
import {
  buildGetRequest,
  extractTitle,
  httpResponseComplete,
  parseResponseHead,
  parseWwwAuthenticate,
  type HttpResponseHead,
} from '../../protocols/http/http-response.js';
import { summarizeCertificate, type CertificateSummary } from '../../protocols/http/tls-certificate.js';
import { defineProbe, type ProbeOutcome } from '../types.js';
import { fingerprintFacts } from '../fingerprint-facts.js';

const TLS_PORTS = new Set([443, 4443, 8443, 9443, 10443]);
// Old PLC, camera and UPS web servers often speak only TLS 1.0 with SHA-1 suites; a scanner must still
// see them (and their certificate). OpenSSL security level 0 re-enables what Node's defaults refuse.
// Nothing secret is ever sent over this connection.
const SCAN_TLS = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;
const MAX_BODY = 32 * 1024;

export const httpOptionsSchema = z
  .object({
    tls: z.enum(['auto', 'always', 'never']).default('auto'),
    path: z.string().startsWith('/').max(200).regex(/^[\x21-\x7e]+$/).default('/'),
  })
  .strict();
export type HttpOptions = z.infer<typeof httpOptionsSchema>;

export interface HttpAttributes {
  tls: boolean;
  status: number;
  reason: string;
  server: string | null;
  poweredBy: string | null;
  title: string | null;
  authScheme: string | null;
  realm: string | null;
  location: string | null;
  certificate: CertificateSummary | null;
  /** Negotiated TLS version ('TLSv1', 'TLSv1.3'...), null in clear text. */
  tlsVersion: string | null;
}

type Attempt = { kind: 'http'; session: TcpSession; head: HttpResponseHead; body: Buffer } | { kind: 'other'; transcript: readonly TranscriptEntry[]; note: string };

async function attempt(ctx: Parameters<typeof httpProbe.run>[0], tls: boolean): Promise<Attempt | Exclude<ProbeOutcome<never>, { kind: 'identified' } | { kind: 'not-matched' }>> {
  const s = await ctx.net.tcp({ tls: tls ? { ...SCAN_TLS } : false, maxBytes: MAX_BODY + 16 * 1024 });
  if (isUnreachable(s)) return s;
  s.write(buildGetRequest(ctx.host, ctx.port, ctx.options.path ?? '/', tls));
  const r = await s.read({ complete: httpResponseComplete(MAX_BODY) });
  const head = parseResponseHead(r.data);
  if (!head) {
    s.close();
    return { kind: 'other', transcript: s.transcript, note: r.data.length ? 'reply is not HTTP' : `no reply (${r.end})` };
  }
  return { kind: 'http', session: s, head, body: r.data.subarray(head.bodyOffset) };
}

export const httpProbe = defineProbe<HttpOptions, HttpAttributes>({
  id: 'http-identify',
  title: 'HTTP/HTTPS server, title, auth realm and TLS certificate',
  protocol: 'http',
  transport: 'tcp',
  defaultPorts: [80, 443, 8080, 8000, 8008, 8081, 8443, 8888, 9443],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version', 'web'],
  priority: 50,
  optionsSchema: httpOptionsSchema,
  async run(ctx) {
    const mode = ctx.options.tls ?? 'auto';
    const order = mode === 'always' ? [true] : mode === 'never' ? [false] : TLS_PORTS.has(ctx.port) ? [true, false] : [false, true];
    const transcript: TranscriptEntry[] = [];
    let note = 'not HTTP';
    for (const [i, tls] of order.entries()) {
      if (Date.now() >= ctx.deadline) break;
      const a = await attempt(ctx, tls);
      if (a.kind === 'unreachable') {
        // A TLS handshake against a clear-text server ends in a reset: then try clear text. A refusal or a
        // timeout on the first connection is the answer; on the second, the first one's note stands.
        if (i === 0 && !(a.reason === 'reset' && tls && order.length > 1)) return a;
        if (i > 0) break;
        note = 'TLS handshake failed';
        continue;
      }
      if (a.kind === 'other') {
        transcript.push(...a.transcript);
        note = a.note;
        continue;
      }
      const { session: s, head, body } = a;
      try {
        const cert = tls ? s.peerCertificate() : null;
        const tlsVersion = tls ? ((s.socket as TLSSocket).getProtocol?.() ?? null) : null;
        const certificate = cert ? summarizeCertificate(cert, Date.now()) : null;
        const server = head.headers.get('server')?.[0] ?? null;
        const auth = head.headers.get('www-authenticate')?.[0];
        const authParsed = auth ? parseWwwAuthenticate(auth) : null;
        const title = extractTitle(body);
        const fp = fingerprintHttp(server, authParsed?.realm ?? null, title);
        const evidence = [{ label: 'status line', excerpt: `HTTP/${head.version} ${head.status} ${head.reason}`.trim() }];
        if (server) evidence.push({ label: 'Server', excerpt: server });
        if (title) evidence.push({ label: 'title', excerpt: title });
        if (auth) evidence.push({ label: 'WWW-Authenticate', excerpt: auth });
        if (certificate) evidence.push({ label: 'certificate', excerpt: `subject ${certificate.subject}; issuer ${certificate.issuer}; until ${certificate.validTo ?? '?'}` });
        return {
          kind: 'identified',
          facts: {
            confidence: 'confirmed',
            service: tls ? 'https' : 'http',
            ...fingerprintFacts(fp),
            ...(server ? { banner: server } : {}),
            attributes: {
              tls,
              status: head.status,
              reason: head.reason,
              server,
              poweredBy: head.headers.get('x-powered-by')?.[0] ?? null,
              title,
              authScheme: authParsed?.scheme ?? null,
              realm: authParsed?.realm ?? null,
              location: head.headers.get('location')?.[0] ?? null,
              certificate,
              tlsVersion,
            },
            evidence,
            transcript: [...transcript, ...s.transcript],
          },
        };
      } finally {
        s.close();
      }
    }
    return { kind: 'not-matched', note, transcript };
  },
});
