// anonymous-access (S2): management and data services that let anyone in without an account.
//   FTP  — USER anonymous / PASS mamori@ (RFC 1635 convention); 230 = anonymous login, then QUIT.
//   MQTT — one CONNECT without user name or password; CONNACK 0 = anyone may publish/subscribe (no
//          SUBSCRIBE or PUBLISH is sent).
//   VNC  — read the RFB security types only (RFC 6143 §7.1.2); type 1 "None" = the desktop without a
//          password. No security type is chosen, so no session starts.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ftpReplyComplete, parseFtpReply } from '../../protocols/ftp/ftp-reply.js';
import { clientVersionFor, parseSecurity, parseServerVersion } from '../../protocols/vnc/rfb.js';
import { CONNACK_CODES, encodeConnect, encodeDisconnect } from '../../protocols/mqtt/mqtt-packets.js';
import { defineCheck, type CheckContext, type CheckResult } from '../types.js';

type Kind = 'ftp' | 'mqtt' | 'vnc';
const kindOf = (service: string | null, port: number): Kind | null => {
  const s = (service ?? '').toLowerCase();
  if (s === 'ftp' || (!s && port === 21)) return 'ftp';
  if (s === 'mqtt' || (!s && port === 1883)) return 'mqtt';
  if (s === 'vnc' || (!s && port >= 5900 && port <= 5903)) return 'vnc';
  return null;
};

async function ftp(ctx: CheckContext<unknown>): Promise<CheckResult> {
  const s = await ctx.net.tcp({ maxBytes: 32 * 1024 });
  if ('kind' in s) return { verdict: 'unknown', reason: `unreachable (${s.reason})` };
  const reply = async (ms = 2500) => parseFtpReply((await s.read({ complete: ftpReplyComplete, timeoutMs: ms })).data);
  try {
    const hello = await reply();
    if (hello?.code !== 220) return { verdict: 'unknown', reason: `no FTP greeting (${hello?.code ?? 'none'})`, transcript: s.transcript };
    s.write('USER anonymous\r\n');
    const u = await reply();
    let final = u;
    if (u?.code === 331) {
      s.write('PASS mamori@\r\n');
      final = await reply(6000);
    }
    if (final?.code === 230) {
      return { verdict: 'exposed', confidence: 'confirmed', severity: ctx.zoneKind === 'OT' ? 'high' : 'medium', summary: 'FTP accepts anonymous login', evidence: [{ label: 'login', excerpt: `USER anonymous → ${u?.code}; ${final.code} ${final.lines.join(' ').slice(0, 120)}` }], transcript: s.transcript, discriminator: 'ftp-anonymous' };
    }
    if (final && final.code >= 500) return { verdict: 'not-affected', summary: `anonymous login refused (${final.code})`, transcript: s.transcript };
    return { verdict: 'unknown', reason: `unexpected reply ${final?.code ?? 'none'}`, transcript: s.transcript };
  } finally {
    s.write('QUIT\r\n');
    s.close();
  }
}

async function mqtt(ctx: CheckContext<unknown>): Promise<CheckResult> {
  const s = await ctx.net.tcp({ maxBytes: 4096 });
  if ('kind' in s) return { verdict: 'unknown', reason: `unreachable (${s.reason})` };
  s.write(encodeConnect(`mamori-${randomBytes(4).toString('hex')}`));
  const r = await s.read({ complete: (b) => b.length >= 4, timeoutMs: 2500, maxBytes: 64 });
  s.write(encodeDisconnect());
  s.close();
  const b = r.data;
  if (b.length < 4 || b[0] !== 0x20 || b[1] !== 2) return { verdict: 'unknown', reason: r.data.length ? 'reply is not a CONNACK' : `no reply (${r.end})`, transcript: s.transcript };
  const code = b[3]!;
  if (code === 0) {
    return { verdict: 'exposed', confidence: 'confirmed', severity: 'high', summary: 'MQTT broker accepts clients without user name or password: anyone can read telemetry and publish commands', evidence: [{ label: 'CONNACK', excerpt: '0 (accepted) for a CONNECT without credentials' }], transcript: s.transcript, discriminator: 'mqtt-anonymous' };
  }
  return { verdict: 'not-affected', summary: `anonymous CONNECT refused: ${CONNACK_CODES[code] ?? code}`, transcript: s.transcript };
}

async function vnc(ctx: CheckContext<unknown>): Promise<CheckResult> {
  const s = await ctx.net.tcp({ maxBytes: 4096 });
  if ('kind' in s) return { verdict: 'unknown', reason: `unreachable (${s.reason})` };
  try {
    const first = await s.read({ complete: (b) => b.length >= 12, timeoutMs: 2500, maxBytes: 64 });
    const v = parseServerVersion(first.data);
    if (!v) return { verdict: 'unknown', reason: 'no RFB greeting', transcript: s.transcript };
    const { line, protocol } = clientVersionFor(v);
    s.write(line);
    let buf = first.data.subarray(12);
    let offer = parseSecurity(buf, protocol);
    for (let i = 0; i < 4 && offer === 'incomplete'; i++) {
      const r = await s.read({ complete: (b) => parseSecurity(Buffer.concat([buf, b]), protocol) !== 'incomplete', timeoutMs: 2500, maxBytes: 2048 });
      buf = Buffer.concat([buf, r.data]);
      offer = parseSecurity(buf, protocol);
      if (r.end !== 'complete') break;
    }
    if (typeof offer !== 'object') return { verdict: 'unknown', reason: 'security types not readable', transcript: s.transcript };
    if (offer.kind === 'failure') return { verdict: 'not-affected', summary: `server refused: ${offer.reason.slice(0, 120)}`, transcript: s.transcript };
    if (offer.types.includes(1)) {
      return { verdict: 'exploitable', confidence: 'confirmed', severity: 'critical', summary: `VNC (RFB ${v.text}) offers security type None: the desktop is open to anyone`, evidence: [{ label: 'security types', excerpt: offer.types.join(', ') }], transcript: s.transcript, discriminator: 'vnc-no-auth' };
    }
    return { verdict: 'not-affected', summary: `VNC requires authentication (types ${offer.types.join(', ')})`, transcript: s.transcript };
  } finally {
    s.close();
  }
}

export const anonymousAccessCheck = defineCheck({
  id: 'anonymous-access',
  title: { en: 'Service open without authentication (anonymous FTP, MQTT, VNC)', ja: '認証なしで利用できるサービス（匿名 FTP・MQTT・VNC）' },
  description: {
    en: 'FTP: logs in as "anonymous" and quits. MQTT: one CONNECT without credentials, no subscribe or publish. VNC: reads the offered security types without choosing one.',
    ja: 'FTP は "anonymous" でログインして直ちに終了、MQTT は認証情報なしの CONNECT を 1 回だけ送り購読・発行はしません。VNC は提示されたセキュリティタイプを読むだけで選択しません。',
  },
  remediation: {
    en: 'FTP: anonymous_enable=NO (or remove FTP); MQTT: allow_anonymous false with per-device accounts and ACLs, TLS; VNC: set a password or require the OS login, and reach it only through a VPN/jump host.',
    ja: 'FTP は anonymous_enable=NO（または FTP を廃止）、MQTT は allow_anonymous false と機器ごとのアカウント・ACL・TLS、VNC はパスワードまたは OS ログインを必須にし、VPN／踏み台経由でのみ接続させてください。',
  },
  references: ['T0822', 'T0886', 'T0883', 'https://datatracker.ietf.org/doc/html/rfc6143#section-7.1.2'],
  severity: 'high',
  safety: 'S2',
  tags: ['hygiene', 'anonymous', 'remote-access'],
  services: ['ftp', 'mqtt', 'vnc'],
  timeoutMs: 15_000,
  optionsSchema: z.object({}),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && kindOf(s.service, s.port) !== null,
  async run(ctx) {
    const k = kindOf(ctx.service?.service ?? null, ctx.service?.port ?? 0);
    if (k === 'ftp') return ftp(ctx);
    if (k === 'mqtt') return mqtt(ctx);
    if (k === 'vnc') return vnc(ctx);
    return { verdict: 'unknown', reason: 'unsupported' };
  },
});
